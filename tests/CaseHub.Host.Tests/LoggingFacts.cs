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
        var formatter = new MaskingTextFormatter(new MessageTemplateTextFormatter("{Message:lj} {Properties:j}{NewLine}{Exception}"));
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
}
