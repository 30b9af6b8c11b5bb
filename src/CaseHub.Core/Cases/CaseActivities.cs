using CaseHub.Core.Tickets;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Core.Cases;

/// <summary>The case activities, registered with the engine the way a module adds its own (as <see cref="ActivityDescriptor"/>s).</summary>
public static class CaseActivities
{
    /// <summary>The outbox topic of <c>CaseHub.Notify</c> messages, for the host's notification adapters.</summary>
    public const string NotifyTopic = NotifyActivity.Topic;

    private static InputDescriptor Text(string name, string display, bool required = false, string syntax = "Literal") =>
        new(name, "String", "singleline", required, syntax, display);

    private static readonly InputDescriptor DueHours = new("dueHours", "Double", "singleline", DisplayName: "时限(小时)");

    public static IServiceCollection AddCaseHubCases(this IServiceCollection services)
    {
        // The timeline is shared with intake and the SLA clocks, which register it the same way.
        services.TryAddScoped<TicketTimeline>();
        services.AddScoped<CaseVisibility>();
        services.AddScoped<TicketIntake>();
        services.AddScoped<CaseService>();
        services.AddScoped<IWorkflowStepObserver, CaseTaskRows>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IWorkflowIncidentSink, TicketIncidents>());
        foreach (var descriptor in All()) services.AddSingleton(descriptor);
        return services;
    }

    public static IEnumerable<ActivityDescriptor> All()
    {
        yield return new()
        {
            Type = ApprovalActivity.Type, Category = "工单", DisplayName = "审核", IsTrigger = true,
            Description = "A caseworker or county officer approves, rejects or asks for more information.",
            Inputs = [Text("title", "标题"), new("level", "String", "dropdown", DisplayName: "审核层级", Options: ["local", "township", "county"]), DueHours],
            Outcomes = ApprovalActivity.Decisions, DynamicOutcomes = TimedOutPort, Activity = new ApprovalActivity(),
        };
        yield return new()
        {
            Type = DispatchActivity.Type, Category = "工单", DisplayName = "派单", IsTrigger = true,
            Description = "Sends the ticket to the next eligible contracted provider; the county officer assigns when none is left.",
            Inputs = [Text("title", "标题"), Text("providerId", "指定服务方", syntax: "JavaScript"),
                      new("assignedBy", "String", "dropdown", DisplayName: "派单方式", Options: ["auto", "county"]), DueHours],
            Outcomes = ["Accepted", "Closed"], Activity = new DispatchActivity(),
        };
        yield return new()
        {
            Type = AwaitDeliveryActivity.Type, Category = "工单", DisplayName = "等待服务完成", IsTrigger = true,
            Description = "The provider records the service done (notes, time, who served).",
            Inputs = [Text("title", "标题"), DueHours],
            Outcomes = [AwaitDeliveryActivity.Delivered], DynamicOutcomes = TimedOutPort, Activity = new AwaitDeliveryActivity(),
        };
        yield return new()
        {
            Type = ReturnVisitActivity.Type, Category = "工单", DisplayName = "回访", IsTrigger = true,
            Description = "Station staff call the resident on the next working day; unreachable residents are called again.",
            Inputs = [new("maxAttempts", "Int32", "singleline", DisplayName: "最多拨打次数")],
            Outcomes = ReturnVisitActivity.Outcomes, Activity = new ReturnVisitActivity(),
        };
        yield return new()
        {
            Type = NotifyActivity.Type, Category = "工单", DisplayName = "发送通知",
            Description = "Queues a message rendered from a Liquid template for the resident, provider or station.",
            Inputs = [new("text", "String", "multiline", Required: true, DefaultSyntax: "Liquid", DisplayName: "内容"),
                      new("to", "String", "dropdown", DisplayName: "接收方", Options: ["resident", "provider", "station"])],
            Activity = new NotifyActivity(),
        };
        yield return new()
        {
            Type = SetTicketStatusActivity.Type, Category = "工单", DisplayName = "设置工单状态",
            Description = "Moves the ticket to a status the state machine allows.",
            Inputs = [new("status", "String", "dropdown", Required: true, DisplayName: "状态", Options: Enum.GetNames<TicketStatus>())],
            Activity = new SetTicketStatusActivity(),
        };
        yield return new()
        {
            Type = CloseTicketActivity.Type, Category = "工单", DisplayName = "办结工单", Description = "Closes the ticket.",
            Inputs = [Text("reason", "办结说明")], Activity = new CloseTicketActivity(),
        };
    }

    /// <summary>A task with a time limit gets the TimedOut port (as CaseHub.UserTask does).</summary>
    private static IReadOnlyList<string> TimedOutPort(ActivityNode node) =>
        UserTaskActivity.HasTimeLimit(node) ? [UserTaskActivity.TimedOut] : [];
}
