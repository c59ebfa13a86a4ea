// Technician overlay: opened by holding the top-left corner, guarded by a PIN (an Argon2id
// hash from the config, or the public default with a loud warning; growing delays after wrong
// attempts: core/admin_pin.h). Shows the kiosk's status and offers "sync now" and "exit".
#include <algorithm>

#include "kiosk/core/admin_pin.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

class AdminScreen final : public Screen {
public:
    explicit AdminScreen(std::string pinHash) : guard_(std::move(pinHash)) {}
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
        if (guard_.isDefault()) {
            // Technicians only: English, in the accent colour, on both the keypad and the status.
            TextStyle warn{FontRole::Label, th.accent, TextAlign::Center, 1.2f};
            ctx.text.drawLine(ctx.draw, ImVec2(0, m + th.px(90)), th.screen.x,
                              "WARNING: default PIN in use. Set admin_pin_hash (kiosk --hash-pin).", warn);
        }
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
        const std::int64_t waitMs = guard_.waitMs(ctx.nowMs);
        const std::string promptText = waitMs > 0 ? "Wait " + std::to_string((waitMs + 999) / 1000) + " s" : ctx.tr("enter_pin");
        ctx.text.drawLine(ctx.draw, ImVec2(0, y), th.screen.x, promptText, prompt);
        y += th.px(70);
        std::string dots;
        for (std::size_t i = 0; i < entered_.size(); ++i) dots += "\xE2\x80\xA2 ";
        ctx.text.drawLine(ctx.draw, ImVec2(0, y), th.screen.x, dots.empty() ? " " : dots, prompt);
        y += th.px(80);
        static const char* kKeys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "OK"};
        for (int i = 0; i < 12; ++i) {
            const ImRect r(ImVec2(left + static_cast<float>(i % 3) * (key + gap), y + static_cast<float>(i / 3) * (key + gap)),
                           ImVec2(left + static_cast<float>(i % 3) * (key + gap) + key, y + static_cast<float>(i / 3) * (key + gap) + key));
            if (pillButton(ctx, r, kKeys[i], std::string("pin:") + kKeys[i], i == 11)) press(kKeys[i], ctx.nowMs);
        }
    }

    void press(const std::string& k, std::int64_t nowMs) {
        if (k == "C") { entered_.clear(); return; }
        if (k == "OK") {
            const auto outcome = guard_.attempt(entered_, nowMs);
            unlocked_ = outcome == AdminPinGuard::Outcome::Accepted;
            wrong_ = !unlocked_;
            entered_.clear();
            return;
        }
        if (entered_.size() < static_cast<std::size_t>(kAdminPinMaxDigits)) entered_ += k;
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

    AdminPinGuard guard_;
    std::string entered_;
    bool unlocked_ = false;
    bool wrong_ = false;
};

} // namespace

std::unique_ptr<Screen> makeAdminScreen(const std::string& pinHash) { return std::make_unique<AdminScreen>(pinHash); }

} // namespace kiosk::ui
