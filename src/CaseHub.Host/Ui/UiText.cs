using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Ui;

/// <summary>The marker type pages inject their text through: <c>@inject IStringLocalizer&lt;UiText&gt; L</c>.</summary>
public sealed class UiText;

/// <summary>
/// The pages' text. Chinese is the key and the default (as ASP.NET's view localizer does with its
/// default language), so a page reads as what it shows; <c>Resources/en/*.json</c> holds the English.
/// A fact checks that every text a page asks for has its English, so the switch never shows a mix.
/// </summary>
public sealed class UiTextLocalizerFactory : IStringLocalizerFactory
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;

    public UiTextLocalizerFactory()
    {
        // Resources/<language>/*.json, one file per area of pages (common, work, station, county...), merged.
        _byLanguage = Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, "Resources"))
            .ToFrozenDictionary(
                d => Path.GetFileName(d),
                d => Directory.EnumerateFiles(d, "*.json").Order()
                    .SelectMany(f => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(f))!)
                    .GroupBy(p => p.Key).ToFrozenDictionary(g => g.Key, g => g.First().Value));
    }

    public IReadOnlyDictionary<string, string> English => _byLanguage.GetValueOrDefault("en") ?? FrozenDictionary<string, string>.Empty;

    public IStringLocalizer Create(Type resourceSource) => new Localizer(this);
    public IStringLocalizer Create(string baseName, string location) => new Localizer(this);

    private string? Translate(string key) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? null
        : _byLanguage.GetValueOrDefault(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)?.GetValueOrDefault(key);

    private sealed class Localizer(UiTextLocalizerFactory factory) : IStringLocalizer
    {
        public LocalizedString this[string name] => factory.Translate(name) is { } text
            ? new LocalizedString(name, text)
            : new LocalizedString(name, name, resourceNotFound: CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "zh");

        public LocalizedString this[string name, params object[] arguments] =>
            this[name] is var s ? new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, s.Value, arguments), s.ResourceNotFound) : s;

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
            factory.English.Select(p => this[p.Key]);
    }
}
