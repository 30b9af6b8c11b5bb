using System.Globalization;
using CaseHub.Core.Cases;
using CaseHub.Core.Sla;
using CaseHub.Host.Ui;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace CaseHub.Host.Pages.Work;

/// <summary>Where a list is and the address of another of its pages.</summary>
public sealed record Pager(int Page, int Pages, Func<int, string> Link);

/// <summary>The words the work pages use for the API's names: kinds, statuses, outcomes, channels, timeline events, clocks.</summary>
public static class WorkText
{
    public static readonly string[] Kinds = [TaskKinds.Approval, TaskKinds.Dispatch, TaskKinds.Delivery, TaskKinds.ReturnVisit, TaskKinds.Escalation];
    public static readonly string[] Statuses = Enum.GetNames<Core.Tickets.TicketStatus>();
    public static readonly string[] Channels = OrderValidation.Channels;

    public static string Kind(IStringLocalizer L, string kind) => kind switch
    {
        TaskKinds.Approval => L["审核"], TaskKinds.Dispatch => L["派单"], TaskKinds.Delivery => L["服务登记"],
        TaskKinds.ReturnVisit => L["回访"], TaskKinds.Escalation => L["超时督办"],
        "visit" => L["上岛服务"], CaseHub.Core.Visits.VisitMoves.MissedKind => L["上岛未完成"], _ => kind,
    };

    public static string Status(IStringLocalizer L, string status) => status switch
    {
        "Submitted" => L["已受理"], "PendingApproval" => L["待审核"], "Rejected" => L["未通过"], "Dispatched" => L["已派单"],
        "Accepted" => L["已接单"], "InService" => L["服务中"], "Delivered" => L["已完成服务"], "Closed" => L["已办结"],
        "Cancelled" => L["已取消"], "Reopened" => L["已重办"], _ => status,
    };

    public static string Outcome(IStringLocalizer L, string outcome) => outcome switch
    {
        "Approved" => L["通过"], "Rejected" => L["不通过"], "NeedsInfo" => L["需补充材料"], "Accept" => L["接单"], "Decline" => L["拒单"],
        "Assign" => L["指派服务方"], "Close" => L["关闭工单"], "Delivered" => L["登记服务完成"], "Satisfied" => L["满意"],
        "Unsatisfied" => L["不满意"], "Unreachable" => L["未接通"], "Acknowledged" => L["已知悉"], "TimedOut" => L["超时未处理"],
        "Confirm" => L["确认行程"], "Done" => L["已完成"], "NotDone" => L["未能上岛"], _ => outcome,
    };

    public static string Channel(IStringLocalizer L, string channel) => channel switch
    {
        "miniprogram" => L["小程序"], "official_account" => L["公众号"], "hotline" => L["热线"], "kiosk" => L["自助终端"],
        "social_org" => L["社会组织"], "station_proxy" => L["驿站代办"], "web" => L["网页"], "visit" => L["上岛服务"], _ => channel,
    };

    public static string Event(IStringLocalizer L, string type) => type switch
    {
        "submitted" => L["受理工单"], "status_changed" => L["状态变更"], "approval" => L["审核"], "dispatch.declined" => L["服务方拒单"],
        "dispatch.timed_out" => L["接单超时"], "dispatch.to_county" => L["转区县指派"], "delivery.overdue" => L["服务超时"],
        "notified" => L["通知居民"], "return_visit" => L["回访"], "feedback" => L["居民评价"], "sla.recalculated" => L["时限顺延（停航停运）"],
        "sla.task_recalculated" => L["任务时限顺延"], "sla.overdue" => L["工单超时"], "workflow.faulted" => L["流程出错"],
        "workflow.retried" => L["流程重试"], _ when type.StartsWith("escalation.", StringComparison.Ordinal) => L["超时督办已处理"], _ => type,
    };

    /// <summary>Who did it: a person's account, or the workflow itself.</summary>
    public static string Actor(IStringLocalizer L, string actor) => actor switch
    {
        "" => L["居民"], "workflow" => L["系统（流程）"], "system" => L["系统"], _ => actor,
    };

    public static string Name(IReadOnlyDictionary<string, (string Name, string? NameEn)> names, string? id)
    {
        if (id is null) return "—";
        if (!names.TryGetValue(id, out var n)) return id;
        return Bilingual.Name(n.Name, n.NameEn);
    }

    /// <summary>
    /// The clock as words and a class: overdue in red with how long, otherwise the working time left; paused when a
    /// suspension covers the place now. The words carry the meaning, the colour only repeats it.
    /// </summary>
    public static IHtmlContent Clock(IStringLocalizer L, SlaClock clock)
    {
        var paused = clock.PausedBy is { } s
            ? $"<span class=\"ch-paused wk-paused\">⏸ {Enc(L["已暂停"])}（{Enc(s.Reason)}，{Enc(L["至 {0}", ChinaTime.Format(s.To)])}）</span>"
            : "";
        var text = clock.State switch
        {
            ClockState.Overdue => $"<strong class=\"ch-overdue\">⚠ {Enc(L["超时 {0}", ChinaTime.Span(clock.WorkingTime)])}</strong>",
            ClockState.Running => $"<span>{Enc(L["剩余 {0}", ChinaTime.Span(clock.WorkingTime)])}</span>",
            _ => $"<span class=\"ch-muted\">{Enc(L["无时限"])}</span>",
        };
        var due = clock.DueAt is { } at ? $"<small class=\"ch-muted wk-due\">{Enc(L["工作时间 · 截止 {0}", ChinaTime.Format(at)])}</small>" : "";
        return new HtmlString($"<span class=\"wk-clock\">{text}{paused}{due}</span>");
    }

    /// <summary>What an event says beyond its name: the move, the decision and its reason, the delivery record, the rating.</summary>
    public static string Detail(IStringLocalizer L, EventView e, CaseLabels labels)
    {
        if (e.Data is not { ValueKind: System.Text.Json.JsonValueKind.Object } data) return "";
        string? Text(System.Text.Json.JsonElement on, string name) =>
            on.TryGetProperty(name, out var v) && v.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number ? v.ToString() : null;
        var parts = new List<string>();
        if (e.Type == "status_changed")
        {
            parts.Add($"{Status(L, Text(data, "from") ?? "")} → {Status(L, Text(data, "to") ?? "")}");
            if (data.TryGetProperty("details", out var details) && details.ValueKind == System.Text.Json.JsonValueKind.Object) data = details;
            else return parts[0];
        }
        if (Text(data, "outcome") is { } outcome) parts.Add(Outcome(L, outcome));
        if (Text(data, "providerId") is { } provider) parts.Add(L["服务方：{0}", Text(data, "providerName") ?? Name(labels.Providers, provider)]);
        if (Text(data, "notes") is { } notes) parts.Add(L["服务记录：{0}", notes]);
        if (Text(data, "servedAt") is { } servedAt && DateTimeOffset.TryParse(servedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            parts.Add(L["服务时间：{0}", ChinaTime.Format(at)]);
        if (Text(data, "servedBy") is { } servedBy) parts.Add(L["服务人员：{0}", servedBy]);
        if (Text(data, "rating") is { } rating) parts.Add(L["{0} 分（满分 5 分）", rating]);
        if ((Text(data, "reason") ?? Text(data, "comment")) is { } reason) parts.Add(L["说明：{0}", reason]);
        if (Text(data, "newDueAt") is { } newDue && DateTimeOffset.TryParse(newDue, CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
            parts.Add(L["新截止时间：{0}", ChinaTime.Format(due)]);
        return string.Join("；", parts);
    }

    private static string Enc(string s) => System.Net.WebUtility.HtmlEncode(s);
}
