using CaseHub.Host.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace CaseHub.Host.Tests;

public sealed class LoggingFacts
{
    private static string Render(string template, params LogEventProperty[] properties)
    {
        var formatter = new SafeTextFormatter(new MessageTemplateTextFormatter("{Message:lj} {Properties:j}{NewLine}{Exception}"));
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information,
            new InvalidOperationException("lookup failed for 13900001111"),
            new MessageTemplateParser().Parse(template), properties);
        using var output = new StringWriter();
        formatter.Format(logEvent, output);
        return output.ToString();
    }

    [Fact]
    public void ConsoleLines_NeverCarryPhoneOrIdNumbers()
    {
        var text = Render("Ticket for {Phone} (id {IdNumber}) called 13700002222",
            new LogEventProperty("Phone", new ScalarValue("13812345678")),
            new LogEventProperty("IdNumber", new ScalarValue("330903198001011234")),
            new LogEventProperty("Extra", new ScalarValue("backup 15811112222")));

        foreach (var secret in new[] { "13812345678", "330903198001011234", "13700002222", "15811112222", "13900001111" })
            Assert.DoesNotContain(secret, text);
        Assert.Contains("138****5678", text);
        Assert.Contains("330903********1234", text);
        Assert.Contains("139****1111", text); // the exception message too
    }

    [Fact]
    public void TheHostLogger_WritesThroughTheMask()
    {
        using var captured = new StringWriter();
        var builder = WebApplication.CreateBuilder();
        builder.AddCaseHubLogging(captured);
        using (var app = builder.Build())
            app.Services.GetRequiredService<ILogger<LoggingFacts>>().LogWarning("Resident {Phone} asked for help", "13812345678");

        var text = captured.ToString();
        Assert.Contains("Resident 138****5678 asked for help", text);
        Assert.DoesNotContain("13812345678", text);
    }

    [Fact]
    public void AnEncodedLineBreakInAValue_CannotForgeALine_AndAnsiEscapesAreWrittenVisibly()
    {
        var text = Render("Request {Path} answered",
            new LogEventProperty("Path", new ScalarValue("/api/tickets/x\r\n[12:00:00 ERR] forged line \u001b[31mred")));

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Single(lines, l => !l.StartsWith("  "));  // only the event's own first line starts at column 0...
        Assert.All(lines.Skip(1), l => Assert.StartsWith("  ", l)); // ...the exception's lines are indented
        Assert.Contains(@"/api/tickets/x\r\n[12:00:00 ERR] forged line \x1B[31mred", text);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public async Task ARefusedBody_IsLoggedAsTheClientsMistake_NotAsAServerError_InTheJsonLinesFile()
    {
        var folder = Directory.CreateTempSubdirectory("casehub-logs-").FullName;
        await using (var host = new Infrastructure.SqliteHost())
        {
            host.Settings["CaseHub:Logging:File:Path"] = Path.Combine(folder, "casehub-.json");
            host.Settings["Serilog:MinimumLevel:Default"] = "Information";
            var client = await host.ClientAsAsync("hotline@casehub.local");
            var response = await client.PostAsync("/api/tickets", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            await client.GetAsync("/api/tickets/x%0d%0a[12:00:00%20ERR]%20forged");
        }
        Serilog.Log.CloseAndFlush();
        var lines = Directory.EnumerateFiles(folder).SelectMany(f => File.ReadAllLines(f)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => System.Text.Json.JsonDocument.Parse(l)); // one JSON document per line
        var refused = Assert.Single(lines, l => l.Contains("\"RequestPath\":\"/api/tickets\"") && l.Contains("\"StatusCode\":400"));
        Assert.DoesNotContain("\"@l\":\"Error\"", refused);
        Assert.DoesNotContain("\"@x\"", refused); // no stack trace for a client's mistake
        Assert.DoesNotContain(lines, l => l.Contains("\"@l\":\"Error\"") && l.Contains("/api/tickets"));
        Assert.Contains(lines, l => l.Contains(@"x\\r\\n[12:00:00 ERR] forged"));
        Directory.Delete(folder, recursive: true);
    }
}
