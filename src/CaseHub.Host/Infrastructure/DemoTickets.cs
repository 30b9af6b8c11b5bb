using System.Text.Json;
using CaseHub.Core;
using CaseHub.Core.Cases;
using CaseHub.Core.Data;
using CaseHub.Core.Identity;
using CaseHub.Core.Tickets;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Host.Infrastructure;

/// <summary>
/// Sample tickets in every status across the four pilot islands, so each page has something real on a first start
/// (<c>CaseHub:Demo:SampleTickets</c>). Every one is ordered and worked through the case facade by the demo users,
/// with its workflow running; an idempotency key per sample makes a restart add nothing.
/// </summary>
public static class DemoTickets
{
    private const string Telemedicine = "health.telemedicine";
    private const string Meals = "eldercare.meal_delivery";

    private sealed record Step(string Kind, string Outcome, string By, object? Data = null, string? Comment = null);

    private sealed record Sample(string Key, string Service, string Island, string Resident, string Phone, object Form, params Step[] Steps)
    {
        public bool ThenReturnVisit { get; init; }
        public int? Rating { get; init; }
    }

    private const string Provider = "health.provider@casehub.local";
    private const string Putuo = "putuo.caseworker@casehub.local";
    private const string Dinghai = "dinghai.caseworker@casehub.local";

    private static readonly Sample[] Samples =
    [
        new("demo-1", Meals, "baisha", "陈阿婆", "13700000101", new { details = "行动不便，需每日午餐送到家" }),
        new("demo-2", Telemedicine, "baisha", "李大伯", "13700000102", new { details = "血压偏高，想请医生远程看看" }),
        new("demo-3", Telemedicine, "baisha", "王阿姨", "13700000103", new { details = "复诊，配药咨询" }, new Step("dispatch", "Accept", Provider)),
        new("demo-4", Telemedicine, "baisha", "张大爷", "13700000104", new { details = "腿疼两周" },
            new Step("dispatch", "Accept", Provider), new Step("delivery", "Delivered", Provider, new { notes = "已远程问诊，建议复查", servedBy = "王医生" })),
        new("demo-5", Telemedicine, "baisha", "周奶奶", "13700000105", new { details = "咳嗽" },
            new Step("dispatch", "Accept", Provider), new Step("delivery", "Delivered", Provider, new { notes = "已开药", servedBy = "王医生" })) { ThenReturnVisit = true },
        new("demo-6", Telemedicine, "baisha", "吴阿公", "13700000106", new { details = "头晕" },
            new Step("dispatch", "Accept", Provider), new Step("delivery", "Delivered", Provider, new { notes = "已问诊", servedBy = "李医生" })) { Rating = 2 },
        new("demo-7", Meals, "changbai", "郑阿婆", "13700000107", new { details = "独居，申请送餐" },
            new Step("approval", "Rejected", Dinghai, Comment: "家属同住，不符合送餐条件")),
        new("demo-8", Telemedicine, "changbai", "孙大伯", "13700000108", new { details = "糖尿病随访" }),
        new("demo-9", Telemedicine, "dachangtu", "钱阿姨", "13700000109", new { details = "皮肤过敏" }, new Step("dispatch", "Accept", Provider)),
        new("demo-10", Telemedicine, "lvhua", "冯大爷", "13700000110", new { details = "心慌气短" }),
    ];

    public static async Task SeedDemoTicketsAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<CaseHubOptions>();
        if (!options.Demo.Enabled || !app.Configuration.GetValue("CaseHub:Demo:SampleTickets", false)) return;
        var log = app.Services.GetRequiredService<ILogger<CaseService>>();
        foreach (var sample in Samples)
        {
            try
            {
                await SeedAsync(app.Services, sample, log);
            }
            catch (Exception e)
            {
                // Demo data must never stop a start: say which sample failed and go on.
                log.LogError(e, "Demo ticket {Key} could not be made", sample.Key);
            }
        }
    }

    /// <summary>Each step in a scope of its own, as each would be a request of its own.</summary>
    private static async Task SeedAsync(IServiceProvider services, Sample sample, ILogger log)
    {
        var order = new PlaceOrder(sample.Service, sample.Island, "hotline", new OrderResident(sample.Resident, sample.Phone, null), null,
            JsonSerializer.SerializeToElement(sample.Form));
        CaseResult<TicketCreated> placed;
        await using (var scope = services.CreateAsyncScope())
            placed = await scope.ServiceProvider.GetRequiredService<CaseService>().PlaceOrderAsync(Actor("hotline@casehub.local"), order, sample.Key);
        if (placed.Outcome != CaseOutcome.Created || placed.Value is not { } ticket) return; // there since an earlier start
        foreach (var step in sample.Steps) await DoAsync(services, ticket.Id, step, log);
        if (sample.ThenReturnVisit)
        {
            await CallTomorrowNowAsync(services, ticket.Id);
            await DoAsync(services, ticket.Id, new Step("returnVisit", "Satisfied", "baisha.staff@casehub.local"), log);
        }
        if (sample.Rating is { } rating)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CaseService>().RateAsync(Actor("hotline@casehub.local"), ticket.Id, rating, "医生没讲清楚用药");
        }
    }

    private static async Task DoAsync(IServiceProvider services, Guid ticketId, Step step, ILogger log)
    {
        await using var scope = services.CreateAsyncScope();
        var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
        var actor = Actor(step.By);
        var tasks = await cases.ListTasksAsync(actor, 1, CaseService.MaxTaskPageSize);
        if (tasks.Value?.Items.FirstOrDefault(t => t.TicketId == ticketId && t.Kind == step.Kind) is not { } task)
        {
            log.LogWarning("Demo ticket {TicketId}: no {Kind} task for {Actor}", ticketId, step.Kind, step.By);
            return;
        }
        var data = step.Data is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(step.Data);
        await cases.CompleteTaskAsync(actor, task.Id, new CompleteTask(step.Outcome, step.Comment, data));
    }

    /// <summary>Demo only: the return-visit call waits for the next working morning; bring that morning forward.</summary>
    private static async Task CallTomorrowNowAsync(IServiceProvider root, Guid ticketId)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CaseHubDbContext>();
        var instance = await db.Set<Ticket>().Where(t => t.Id == ticketId).Select(t => t.WorkflowInstanceId).SingleAsync();
        await db.Set<WorkflowTimerRecord>().Where(t => t.InstanceId == instance).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, DateTime.UtcNow.AddSeconds(-1)));
        await services.GetRequiredService<WorkflowTimers>().FireDueAsync();
    }

    private static Actor Actor(string email)
    {
        var user = DemoUsers.All.Single(u => u.Email == email);
        return new Actor(user.Email, user.Role, user.JurisdictionId, user.ProviderId);
    }
}
