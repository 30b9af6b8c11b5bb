using CaseHub.Core.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace CaseHub.Host.Infrastructure;

public static class LoggingExtensions
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Serilog to the console, every line passed through the personal-data mask.</summary>
    public static void AddCaseHubLogging(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((_, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(new MaskingTextFormatter(new MessageTemplateTextFormatter(ConsoleTemplate))));
}

/// <summary>
/// Masks phone and ID numbers in the finished text of each event, so nothing slips through a message
/// template, a property, an exception message or a framework log line.
/// </summary>
public sealed class MaskingTextFormatter(ITextFormatter inner) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(PersonalData.Mask(buffer.ToString()));
    }
}
