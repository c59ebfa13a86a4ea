#include "kiosk/ui/screen_rehearsal.h"

#include <algorithm>

namespace kiosk::ui {

namespace {

// The id's part after `prefix` ("item:" + id), when it has the prefix and a non-empty rest.
bool afterPrefix(const std::string& s, std::string_view prefix, std::string& rest) {
    if (!s.starts_with(prefix) || s.size() == prefix.size()) return false;
    rest = s.substr(prefix.size());
    return true;
}

// Pictures are not asked for: a rehearsal starts no decode (memory, and CPU for pictures a
// visitor may never open). They are drawn with what peek() gives, in the same shapes, and
// noted: the screen's first frame asks for them all at once (picturesOf()).
class PeekingImages final : public ImageSource {
public:
    PeekingImages(ImageSource& images, std::vector<PictureRequest>& asked) : images_(images), asked_(asked) {}
    ImageTexture get(const std::filesystem::path& file, int coverWidth, int coverHeight) override {
        PictureRequest request{file, coverWidth, coverHeight};
        if (std::find(asked_.begin(), asked_.end(), request) == asked_.end()) asked_.push_back(std::move(request));
        return images_.peek(file, coverWidth, coverHeight);
    }
    float aspect(const std::filesystem::path& file) override { return images_.aspect(file); }
    void clear() override {}

private:
    ImageSource& images_;
    std::vector<PictureRequest>& asked_;
};

} // namespace

std::optional<RehearsalStep> rehearsalStepFor(const std::string& targetId, ScreenId on, const std::string& subject,
                                              const std::string& language, const Destination* backTo) {
    const auto step = [](ScreenId screen, std::string stepSubject, std::string stepLanguage) {
        RehearsalStep s;
        s.destination.screen = screen;
        s.destination.subject = std::move(stepSubject);
        s.language = std::move(stepLanguage);
        return std::optional<RehearsalStep>(std::move(s));
    };
    std::string rest;
    if (afterPrefix(targetId, "category:", rest)) return step(ScreenId::Category, rest, language);
    if (afterPrefix(targetId, "item:", rest)) return step(ScreenId::Item, rest, language);
    if (afterPrefix(targetId, "lang:", rest)) {
        // The attract loop's and the language screen's languages open the home screen; elsewhere
        // the screen shown is drawn again in the language.
        if (on == ScreenId::Attract || on == ScreenId::Language) return step(ScreenId::Home, {}, rest);
        return step(on, subject, rest);
    }
    if (targetId == "facts") return step(ScreenId::Facts, {}, language);
    if (targetId == "home" || targetId == "start-home") return step(ScreenId::Home, {}, language);
    if (targetId == "start") return step(ScreenId::Language, {}, language);
    if (targetId == "back" && backTo) return step(backTo->screen, backTo->subject, language);
    return std::nullopt;
}

ScreenRehearsal::ScreenRehearsal() = default;
ScreenRehearsal::~ScreenRehearsal() = default;

std::string ScreenRehearsal::keyOf(const Destination& d, const std::string& language) {
    return std::string(screenName(d.screen)) + "\n" + d.subject + "\n" + language;
}

const std::vector<PictureRequest>& ScreenRehearsal::picturesOf(const Destination& d, const std::string& language) const {
    static const std::vector<PictureRequest> none;
    const auto it = pictures_.find(keyOf(d, language));
    return it == pictures_.end() ? none : it->second;
}

void ScreenRehearsal::reset() {
    pictures_.clear();
    planned_ = false;
    queue_.clear();
    seen_.clear();
    done_ = 0;
}

void ScreenRehearsal::plan(const Destination& shown, const std::string& language, const std::vector<HitTarget>& targets,
                           const Destination* backTo) {
    if (planned_ && shown.screen == plannedScreen_.screen && shown.subject == plannedScreen_.subject && language == plannedLanguage_)
        return;
    reset();
    planned_ = true;
    plannedScreen_ = shown;
    plannedLanguage_ = language;
    seen_.insert(keyOf(shown, language));
    if (shown.screen == ScreenId::Admin) return;   // the technician's side: nothing a visitor opens
    // Languages last: a visitor far more often opens a category or an item than changes language.
    std::vector<RehearsalStep> languages;
    for (const HitTarget& target : targets) {
        std::optional<RehearsalStep> step = rehearsalStepFor(target.id, shown.screen, shown.subject, language, backTo);
        if (!step || !seen_.insert(keyOf(step->destination, step->language)).second) continue;
        if (step->language != language) languages.push_back(std::move(*step));
        else queue_.push_back(std::move(*step));
    }
    queue_.insert(queue_.end(), languages.begin(), languages.end());
}

Screen& ScreenRehearsal::screen(ScreenId id) {
    std::unique_ptr<Screen>& s = screens_[static_cast<int>(id)];
    if (!s) s = makeScreen(id);   // never the admin screen nor Count (see plan() and rehearsalStepFor())
    return *s;
}

const ImDrawList* ScreenRehearsal::rehearseNext(const RehearsalEnvironment& env) {
    if (!pending()) return nullptr;
    const RehearsalStep step = queue_.front();
    queue_.pop_front();
    ++done_;
    ++total_;

    if (!draw_) draw_ = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
    draw_->_ResetForNewFrame();
    draw_->PushClipRectFullScreen();
    draw_->PushTextureID(ImGui::GetIO().Fonts->TexID);

    const LanguageInfo* info = env.content.findLanguage(step.language);
    const bool wasRtl = env.text.rightToLeft();
    const bool rtl = info && info->rightToLeft;
    env.text.setRightToLeft(rtl);

    EventLog log(nullptr);   // keeps nothing: a rehearsal is no visit
    std::vector<PictureRequest>& asked = pictures_[keyOf(step.destination, step.language)];
    asked.clear();
    PeekingImages images(env.images, asked);
    const TouchState touch;  // no finger
    std::vector<HitTarget> targets;
    UiContext ctx{env.content, step.language, rtl, env.theme, env.text, images, env.strings, log, env.nowMs, touch,
                  draw_.get(), targets};
    ctx.navigate = [](Destination) {};
    ctx.back = [] {};
    ctx.requestAnimationFrame = [] {};
    ctx.wakeAt = [](std::int64_t) {};
    ctx.setLanguage = [](const std::string&) {};
    ctx.quit = [] {};
    ctx.visit = env.visit;
    Screen& s = screen(step.destination.screen);
    s.enter(ctx, step.destination.subject);
    s.draw(ctx);
    env.text.setRightToLeft(wasRtl);

    return draw_.get();
}

} // namespace kiosk::ui
