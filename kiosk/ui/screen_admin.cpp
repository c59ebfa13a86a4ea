// Technician overlay: opened by holding the top-left corner, guarded by a PIN.
// Shows the kiosk's status and offers "sync now" and "exit".
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

class AdminScreen final : public Screen {
public:
    explicit AdminScreen(std::string pin) : pin_(std::move(pin)) {}
    ScreenId id() const override { return ScreenId::Admin; }

    void enter(UiContext&, const std::string& subject) override {
        entered_.clear();
        unlocked_ = subject == "unlocked";   // tests may open it unlocked via the subject
        wrong_ = false;
    }

    void draw(UiContext& ctx) override {
        const Theme& th = ctx.theme;
        ctx.draw->AddRectFilled(ImVec2(0, 0), th.screen, th.backgroundDeep);
        const float m = th.margin();
        TextStyle heading{FontRole::Title, th.text, TextAlign::Start, 1.2f, 1};
        ctx.text.drawLine(ctx.draw, ctx.place(ImRect(m, m, th.screen.x - m, m + th.px(80))).Min, th.screen.x - 2 * m,
                          ctx.tr("technician"), heading);
        const ImRect close = ctx.place(ImRect(th.screen.x - m - th.touchTarget(), m - th.px(10), th.screen.x - m, m - th.px(10) + th.touchTarget()));
        if (tapArea(ctx, close, ctx.tr("cancel"), "close")) ctx.back();
        drawIcon(ctx.draw, Icon::Close, close.GetCenter(), th.px(48), th.text, false);
        if (!unlocked_) drawKeypad(ctx);
        else drawStatus(ctx);
    }

private:
    void drawKeypad(UiContext& ctx) {
        const Theme& th = ctx.theme;
        const float key = th.px(120), gap = th.px(20);
        const float gridW = key * 3 + gap * 2;
        const float left = (th.screen.x - gridW) * 0.5f;
        float y = th.px(200);
        TextStyle prompt{FontRole::Heading, wrong_ ? th.accent : th.text, TextAlign::Center, 1.2f};
        ctx.text.drawLine(ctx.draw, ImVec2(0, y), th.screen.x, ctx.tr("enter_pin"), prompt);
        y += th.px(70);
        std::string dots;
        for (std::size_t i = 0; i < entered_.size(); ++i) dots += "\xE2\x80\xA2 ";
        ctx.text.drawLine(ctx.draw, ImVec2(0, y), th.screen.x, dots.empty() ? " " : dots, prompt);
        y += th.px(80);
        static const char* kKeys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "OK"};
        for (int i = 0; i < 12; ++i) {
            const ImRect r(ImVec2(left + static_cast<float>(i % 3) * (key + gap), y + static_cast<float>(i / 3) * (key + gap)),
                           ImVec2(left + static_cast<float>(i % 3) * (key + gap) + key, y + static_cast<float>(i / 3) * (key + gap) + key));
            if (pillButton(ctx, r, kKeys[i], std::string("pin:") + kKeys[i], i == 11)) press(kKeys[i]);
        }
    }

    void press(const std::string& k) {
        if (k == "C") { entered_.clear(); return; }
        if (k == "OK") {
            unlocked_ = entered_ == pin_;
            wrong_ = !unlocked_;
            entered_.clear();
            return;
        }
        if (entered_.size() < 12) entered_ += k;
    }

    void drawStatus(UiContext& ctx) {
        const Theme& th = ctx.theme;
        const float m = th.margin();
        float y = m + th.px(120);
        TextStyle key{FontRole::Label, th.muted, TextAlign::Start, 1.4f};
        TextStyle value{FontRole::Label, th.text, TextAlign::Start, 1.4f};
        std::vector<std::pair<std::string, std::string>> lines;
        if (ctx.statusLines) lines = ctx.statusLines();
        lines.insert(lines.begin(), {ctx.tr("version"), std::string(KIOSK_VERSION) + " / " + ctx.content.releaseVersion});
        for (const auto& [k, v] : lines) {
            ctx.text.drawLine(ctx.draw, ctx.place(ImRect(m, y, m + th.px(420), y + th.px(40))).Min, th.px(420), k, key);
            ctx.text.drawLine(ctx.draw, ctx.place(ImRect(m + th.px(440), y, th.screen.x - m, y + th.px(40))).Min,
                              th.screen.x - 2 * m - th.px(440), v, value);
            y += ctx.text.lineHeight(value);
        }
        const float bw = th.px(360), bh = th.touchTarget();
        const float by = th.screen.y - m - bh;
        if (ctx.syncNow && pillButton(ctx, ctx.place(ImRect(m, by, m + bw, by + bh)), ctx.tr("sync_now"), "sync", true)) ctx.syncNow();
        if (pillButton(ctx, ctx.place(ImRect(m + bw + th.gap(), by, m + 2 * bw + th.gap(), by + bh)), ctx.tr("exit"), "exit", false))
            ctx.quit();
    }

    std::string pin_;
    std::string entered_;
    bool unlocked_ = false;
    bool wrong_ = false;
};

} // namespace

std::unique_ptr<Screen> makeAdminScreen(const std::string& pin) { return std::make_unique<AdminScreen>(pin); }

} // namespace kiosk::ui
