using System.Globalization;
using CaseHub.Core.Sla;

namespace CaseHub.Host.Ui;

/// <summary>Times as the offices write them, in Zhoushan's time whatever the server's zone: 2026年12月3日 14:30.</summary>
public static class ChinaTime
{
    public static DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, BusinessCalendar.ChinaTime);

    public static string Format(DateTimeOffset? t)
    {
        if (t is not { } value) return "—";
        var local = Local(value);
        return Bilingual.IsChinese
            ? $"{local.Year}年{local.Month}月{local.Day}日 {local:HH:mm}"
            : local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A span as people say it: "3 小时 20 分" / "3 h 20 min"; days once it passes a day.</summary>
    public static string Span(TimeSpan span)
    {
        var zh = Bilingual.IsChinese;
        span = span.Duration();
        if (span.TotalDays >= 1) return zh ? $"{(int)span.TotalDays} 天 {span.Hours} 小时" : $"{(int)span.TotalDays} d {span.Hours} h";
        if (span.TotalHours >= 1) return zh ? $"{(int)span.TotalHours} 小时 {span.Minutes} 分" : $"{(int)span.TotalHours} h {span.Minutes} min";
        return zh ? $"{Math.Max(1, span.Minutes)} 分钟" : $"{Math.Max(1, span.Minutes)} min";
    }
}
