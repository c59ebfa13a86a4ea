// Trade facts: one chart at a time (bar or line) with its unit, notes and source;
// a list of the exhibition's charts to switch between.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

std::string formatValue(double value) {
    char buffer[32];
    // Figures are shown as published: up to two decimals, no trailing zeros.
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

class FactsScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Facts; }

    void enter(UiContext& ctx, const std::string& subject) override {
        selected_ = 0;
        for (std::size_t i = 0; i < ctx.content.facts.size(); ++i)
            if (ctx.content.facts[i].id == subject) selected_ = i;
        shownMs_ = ctx.nowMs;
        logSelected(ctx);
    }

    void draw(UiContext& ctx) override {
        const Theme& th = ctx.theme;
        const Exhibition& ex = ctx.content;
        const float top = drawTopBar(ctx, ctx.tr("trade_facts"), {});
        const float m = th.margin();
        const float gap = th.gap();
        if (ex.facts.empty()) {
            const ImVec2 box = labels::kMessage.size(th);
            ctx.text.drawFitted(ctx.draw, ImRect((th.screen.x - box.x) * 0.5f, top + th.px(80), (th.screen.x + box.x) * 0.5f, top + th.px(80) + box.y),
                                ctx.tr("content_unavailable"), labels::kMessage.rule, th.muted, TextAlign::Center);
            return;
        }
        selected_ = std::min(selected_, ex.facts.size() - 1);
        ImRect list, chart;
        if (th.portrait) {
            const float listH = static_cast<float>(ex.facts.size()) * (th.px(104) + th.px(12)) - th.px(12);
            list = ImRect(m, top + gap, th.screen.x - m, top + gap + listH);
            chart = ImRect(m, list.Max.y + gap, th.screen.x - m, th.screen.y - m);
        } else {
            list = ImRect(m, top + gap * 1.4f, m + (th.screen.x - 2 * m) * 0.27f, th.screen.y - m);
            chart = ImRect(list.Max.x + gap * 1.5f, top + gap * 1.4f, th.screen.x - m, th.screen.y - m * 0.7f);
        }
        // Chart list: the entries share the column's height (no dead space under a short list),
        // each with its title and its source.
        const float spacing = th.px(12);
        const float count = static_cast<float>(ex.facts.size());
        const float entryH = std::clamp((list.GetHeight() - spacing * (count - 1)) / count, th.px(96), th.px(th.portrait ? 104 : 190));
        float y = list.Min.y;
        for (std::size_t i = 0; i < ex.facts.size(); ++i) {
            const Fact& fact = ex.facts[i];
            const bool selected = i == selected_;
            const ImRect r = ctx.place(ImRect(list.Min.x, y, list.Max.x, y + entryH));
            bool pressed = false;
            if (tapArea(ctx, r, ctx.t(fact.title), "fact:" + fact.id, &pressed) && !selected) {
                selected_ = i;
                shownMs_ = ctx.nowMs;
                logSelected(ctx);
            }
            const ImU32 fill = selected ? (pressed ? th.accentPressed : th.accent) : (pressed ? th.chipPressed : th.chip);
            ctx.draw->AddRectFilled(r.Min, r.Max, fill, th.px(16));
            const ImU32 ink = selected ? th.accentText : th.text;
            const float pad = th.px(24);
            TextStyle meta{FontRole::Caption, selected ? th.accentText : th.muted, TextAlign::Start, 1.25f, 1};
            std::string source = fact.source.name;
            if (fact.source.year > 0) source += ", " + std::to_string(fact.source.year);
            const bool showSource = !th.portrait && entryH >= th.px(140) && !source.empty();
            const float metaH = showSource ? ctx.text.lineHeight(meta) : 0.0f;
            const ImRect titleBox(r.Min.x + pad, r.Min.y + th.px(10), r.Max.x - pad, r.Max.y - th.px(10) - metaH);
            const FittedText fitted = ctx.text.fit(ctx.t(fact.title), titleBox.GetWidth(), titleBox.GetHeight(), kEntryTitle);
            const float blockH = fitted.height + metaH;
            const float ty = r.GetCenter().y - blockH * 0.5f;
            ctx.text.drawParagraph(ctx.draw, ImVec2(titleBox.Min.x, ty), titleBox.GetWidth(), ctx.t(fact.title),
                                   {fitted.role, ink, TextAlign::Start, kEntryTitle.lineSpacing, kEntryTitle.maxLines});
            if (showSource) ctx.text.drawLine(ctx.draw, ImVec2(titleBox.Min.x, ty + fitted.height), titleBox.GetWidth(), source, meta);
            y += entryH + spacing;
        }
        drawChartPanel(ctx, ex.facts[selected_], ctx.place(chart));
    }

private:
    void logSelected(UiContext& ctx) {
        if (selected_ < ctx.content.facts.size()) ctx.log.add(EventType::FactsView, "facts", ctx.content.facts[selected_].id);
    }

    void drawChartPanel(UiContext& ctx, const Fact& fact, const ImRect& r) {
        const Theme& th = ctx.theme;
        ImDrawList* draw = ctx.draw;
        drawSoftShadow(draw, r, th.radius(), th.px(18), th.shadow);
        draw->AddRectFilled(r.Min, r.Max, th.surface, th.radius());
        const float pad = th.px(44);
        const float x = r.Min.x + pad, w = r.GetWidth() - 2 * pad;
        float y = r.Min.y + pad;
        TextStyle title{FontRole::Heading, th.surfaceText, TextAlign::Start, 1.2f, 2};
        y += ctx.text.drawParagraph(draw, ImVec2(x, y), w, ctx.t(fact.title), title) + th.px(6);
        TextStyle summary{FontRole::Body, th.surfaceMuted, TextAlign::Start, 1.35f, 3};
        y += ctx.text.drawParagraph(draw, ImVec2(x, y), w, ctx.t(fact.summary), summary) + th.px(16);

        // Source and notes at the bottom, always visible.
        TextStyle source{FontRole::Caption, th.surfaceMuted, TextAlign::Start, 1.35f, 2};
        std::string sourceText = ctx.tr("source") + ": " + fact.source.name;
        if (fact.source.year > 0) sourceText += ", " + std::to_string(fact.source.year);
        if (!fact.source.url.empty()) sourceText += " \xC2\xB7 " + fact.source.url;
        const std::string& notes = ctx.t(fact.notes);
        const float sourceH = ctx.text.measureParagraph(sourceText, w, source);
        const float notesH = notes.empty() ? 0 : ctx.text.measureParagraph(notes, w, source) + th.px(4);
        const float footerTop = r.Max.y - pad - sourceH - notesH;
        draw->AddLine(ImVec2(x, footerTop - th.px(16)), ImVec2(x + w, footerTop - th.px(16)), withAlpha(th.surfaceText, 0.15f), th.px(2));
        float fy = footerTop;
        if (!notes.empty()) fy += ctx.text.drawParagraph(draw, ImVec2(x, fy), w, notes, source) + th.px(4);
        ctx.text.drawParagraph(draw, ImVec2(x, fy), w, sourceText, source);

        // Unit and legend on the leading side, right above the data (mirrored right to left).
        const auto lead = [&](float fromStart, float width) {   // x of a span `fromStart` px from the leading edge
            return ctx.rtl ? x + w - fromStart - width : x + fromStart;
        };
        const std::string& unit = ctx.t(fact.unit);
        const auto seriesColor = [&](std::size_t i) { return th.series(i); };
        TextStyle legend{FontRole::Caption, th.surfaceText, TextAlign::Start, 1.3f, 1};
        const float legendH = ctx.text.lineHeight(legend);
        if (!unit.empty()) {
            const float uw = std::min(ctx.text.lineWidth(unit, FontRole::Caption) + th.px(4), w);
            ctx.text.drawLine(draw, ImVec2(lead(0, uw), y), uw, unit, {FontRole::Caption, th.surfaceMuted, TextAlign::Start, 1.3f, 1});
            y += legendH;
        }
        if (fact.series.size() > 1) {
            const float swatch = th.px(22), afterSwatch = th.px(10), between = th.px(32);
            float from = 0;
            for (std::size_t i = 0; i < fact.series.size(); ++i) {
                const std::string& name = ctx.t(fact.series[i].name);
                const float nw = std::min(ctx.text.lineWidth(name, FontRole::Caption) + th.px(4), w * 0.5f);
                if (from > 0 && from + swatch + afterSwatch + nw > w) {   // next row
                    from = 0;
                    y += legendH;
                }
                const float sx = lead(from, swatch);
                draw->AddRectFilled(ImVec2(sx, y + (legendH - swatch) * 0.5f), ImVec2(sx + swatch, y + (legendH + swatch) * 0.5f), seriesColor(i), th.px(5));
                ctx.text.drawLine(draw, ImVec2(lead(from + swatch + afterSwatch, nw), y), nw, name, legend);
                from += swatch + afterSwatch + nw + between;
            }
            y += legendH;
        }
        y += th.px(10);

        // Plot area.
        const float labelH = ctx.text.lineHeight({FontRole::Caption, 0, TextAlign::Start, 1.4f});
        const ImRect plot(ImVec2(x, y + labelH), ImVec2(x + w, footerTop - th.px(40) - labelH));
        if (plot.GetHeight() < th.px(60) || fact.labels.empty()) return;
        double maxValue = 0;
        for (const auto& s : fact.series) for (double v : s.values) maxValue = std::max(maxValue, v);
        if (maxValue <= 0) maxValue = 1;
        const std::size_t n = fact.labels.size();
        const float slot = plot.GetWidth() / static_cast<float>(n);
        const auto slotX = [&](std::size_t i) {   // right-to-left charts read from the right
            const float left = plot.Min.x + slot * static_cast<float>(i);
            return ctx.rtl ? plot.Max.x - (left - plot.Min.x) - slot : left;
        };
        for (int g = 1; g <= 4; ++g) {
            const float gy = plot.Max.y - plot.GetHeight() * static_cast<float>(g) / 4.0f;
            draw->AddLine(ImVec2(plot.Min.x, gy), ImVec2(plot.Max.x, gy), withAlpha(th.surfaceText, 0.08f), th.px(1.5f));
        }
        draw->AddLine(ImVec2(plot.Min.x, plot.Max.y), ImVec2(plot.Max.x, plot.Max.y), withAlpha(th.surfaceText, 0.35f), th.px(2));
        // The chart grows in over half a second when shown.
        const float grow = std::clamp(static_cast<float>(ctx.nowMs - shownMs_) / 500.0f, 0.0f, 1.0f);
        const float ease = 1.0f - (1.0f - grow) * (1.0f - grow);
        if (grow < 1.0f) ctx.requestAnimationFrame();
        TextStyle valueStyle{FontRole::Caption, th.surfaceText, TextAlign::Center, 1.4f};
        TextStyle axisStyle{FontRole::Caption, th.surfaceMuted, TextAlign::Center, 1.4f};
        const std::size_t seriesCount = fact.series.size();
        for (std::size_t i = 0; i < n; ++i) {
            const float sx = slotX(i);
            ctx.text.drawLine(draw, ImVec2(sx, plot.Max.y + th.px(8)), slot, fact.labels[i], axisStyle);
        }
        if (fact.chart == ChartKind::Bar) {
            const float groupW = slot * 0.7f;
            const float barW = groupW / static_cast<float>(seriesCount);
            for (std::size_t s = 0; s < seriesCount; ++s) {
                for (std::size_t i = 0; i < n; ++i) {
                    const double v = fact.series[s].values[i];
                    const float h = plot.GetHeight() * static_cast<float>(v / maxValue) * ease;
                    // Within a group, series read in the legend's order: from the right in RTL.
                    const std::size_t place = ctx.rtl ? seriesCount - 1 - s : s;
                    const float bx = slotX(i) + (slot - groupW) * 0.5f + barW * static_cast<float>(place);
                    draw->AddRectFilled(ImVec2(bx + th.px(2), plot.Max.y - h), ImVec2(bx + barW - th.px(2), plot.Max.y), seriesColor(s),
                                        th.px(6), ImDrawFlags_RoundCornersTop);
                    if (grow >= 1.0f)
                        ctx.text.drawLine(draw, ImVec2(bx - th.px(20), plot.Max.y - h - labelH), barW + th.px(40), formatValue(v), valueStyle);
                }
            }
        } else {
            for (std::size_t s = 0; s < seriesCount; ++s) {
                std::vector<ImVec2> points;
                for (std::size_t i = 0; i < n; ++i) {
                    const double v = fact.series[s].values[i];
                    points.emplace_back(slotX(i) + slot * 0.5f, plot.Max.y - plot.GetHeight() * static_cast<float>(v / maxValue) * ease);
                }
                draw->AddPolyline(points.data(), static_cast<int>(points.size()), seriesColor(s), 0, th.px(5));
                for (std::size_t i = 0; i < n; ++i) {
                    draw->AddCircleFilled(points[i], th.px(9), seriesColor(s), 20);
                    draw->AddCircleFilled(points[i], th.px(4), th.surface, 12);
                    if (grow >= 1.0f)
                        ctx.text.drawLine(draw, ImVec2(points[i].x - slot * 0.5f, points[i].y - labelH - th.px(6)), slot,
                                          formatValue(fact.series[s].values[i]), valueStyle);
                }
            }
        }
    }

    static constexpr FitRule kEntryTitle{FontRole::Label, FontRole::Caption, 2, 1.2f};
    std::size_t selected_ = 0;
    std::int64_t shownMs_ = 0;
};

} // namespace

std::unique_ptr<Screen> makeFactsScreen() { return std::make_unique<FactsScreen>(); }

} // namespace kiosk::ui
