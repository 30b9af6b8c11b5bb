using CaseHub.Core.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace CaseHub.Host.Infrastructure;

public static class LoggingExtensions
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog to the console, every line passed through the personal-data mask. <paramref name="output"/> takes
    /// the console's place for one host (a test reads what it wrote without swapping the process-wide Console.Out).
    /// </summary>
    public static void AddCaseHubLogging(this WebApplicationBuilder builder, TextWriter? output = null)
    {
        var formatter = new MaskingTextFormatter(new MessageTemplateTextFormatter(ConsoleTemplate));
        builder.Services.AddSerilog((_, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
            if (output is null) logger.WriteTo.Console(formatter);
            else logger.WriteTo.Sink(new WriterSink(formatter, output));
        },
        // Each host keeps its own logger: left to the static Log.Logger, the last host built in a process (several
        // test hosts, say) would receive every host's lines.
        preserveStaticLogger: true);
    }
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

/// <summary>Writes each event, formatted, to one writer; events from several threads are written one at a time.</summary>
internal sealed class WriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate) formatter.Format(logEvent, output);
    }
}
