using CaseHub.Host.Api;
using CaseHub.Host.Infrastructure;
using CaseHub.Modules.Convenience;
using CaseHub.Modules.Culture;
using CaseHub.Modules.Disability;
using CaseHub.Modules.Eldercare;
using CaseHub.Modules.Health;
using CaseHub.Modules.LegalAid;
using CaseHub.Modules.Logistics;
using CaseHub.Modules.Relief;
using CaseHub.Core.Modules;

var timings = new StartupTimings();
var builder = WebApplication.CreateBuilder(args);

builder.AddCaseHubLogging();
builder.AddCaseHubPlatform();
builder.Services.AddCaseHubModules(
    new HealthModule(), new EldercareModule(), new LogisticsModule(), new CultureModule(),
    new ConvenienceModule(), new ReliefModule(), new DisabilityModule(), new LegalAidModule());

var app = timings.Stage("build", builder.Build);

await timings.StageAsync("database", app.InitializeDatabaseAsync);
await timings.StageAsync("workflows", app.StartWorkflowEngineAsync);
await timings.StageAsync("demo tickets", app.SeedDemoTicketsAsync);
timings.Stage("jobs", () => { app.StartAuditSealing(); app.StartSlaJobs(); });
await timings.StageAsync("visit jobs", app.StartVisitJobsAsync);
timings.Stage("endpoints", () => { app.UseCaseHubPipeline(); app.MapCaseHubApi(); app.MapWorkflowHttpEndpoints(); app.MapCaseHubOperations(); });
timings.LogWhenStarted(app);

app.Run();

public partial class Program;
