using System.Text;
using CaseHub.Core.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace CaseHub.Host.Infrastructure;

public static class LoggingExtensions
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog to the console, every line passed through the personal-data mask and the control-character
    /// escape; optionally also JSON lines to daily files kept for <c>CaseHub:Logging:File:RetainedDays</c>
    /// (MLPS level 3 asks for at least six months). <paramref name="output"/> takes the console's place for
    /// one host (a test reads what it wrote without swapping the process-wide Console.Out).
    /// </summary>
    public static void AddCaseHubLogging(this WebApplicationBuilder builder, TextWriter? output = null)
    {
        var console = new SafeTextFormatter(new MessageTemplateTextFormatter(ConsoleTemplate));
        var file = builder.Configuration.GetSection("CaseHub:Logging:File");
        builder.Services.AddSerilog((_, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
            if (output is null) logger.WriteTo.Console(console);
            else logger.WriteTo.Sink(new WriterSink(console, output));
            if (file["Path"] is { Length: > 0 } path)
                logger.WriteTo.File(new SafeTextFormatter(new CompactJsonFormatter()), Path.Combine(builder.Environment.ContentRootPath, path),
                    rollingInterval: RollingInterval.Day, retainedFileCountLimit: file.GetValue("RetainedDays", 180), shared: true);
        },
        // Each host keeps its own logger: left to the static Log.Logger, the last host built in a process (several
        // test hosts, say) would receive every host's lines.
        preserveStaticLogger: true);
    }

    /// <summary>The request line at the level the answer deserves: a client's mistake is not the server's error.</summary>
    public static LogEventLevel RequestLevel(HttpContext context, double _, Exception? error) =>
        error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
}

/// <summary>
/// Makes each event safe to write: phone and ID numbers masked in the finished text (nothing slips through a
/// template, a property, an exception or a framework line), control characters in values escaped (a request
/// path with %0d%0a cannot forge a line, ANSI escapes never reach a terminal), and every line after an
/// event's first indented, so a line that starts at column 0 is always the start of a real event.
/// </summary>
public sealed class SafeTextFormatter(ITextFormatter inner) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(Escaped(logEvent), buffer);
        var text = PersonalData.Mask(buffer.ToString());
        var end = text.EndsWith('\n') ? text.Length - 1 : text.Length;
        var safe = new StringBuilder(text.Length + 16);
        for (var i = 0; i < end; i++)
        {
            var c = text[i];
            if (c == '\n') safe.Append("\n  ");
            else if (c == '\r' && i + 1 < end && text[i + 1] == '\n') continue;
            else if (c != '\t' && IsControl(c)) safe.Append(LogText.EscapeChar(c));
            else safe.Append(c);
        }
        output.Write(safe.Append('\n'));
    }

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static LogEvent Escaped(LogEvent e) => new(e.Timestamp, e.Level, e.Exception, e.MessageTemplate,
        e.Properties.Select(p => new LogEventProperty(p.Key, Escaped(p.Value))), e.TraceId ?? default, e.SpanId ?? default);

    private static LogEventPropertyValue Escaped(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => new ScalarValue(LogText.Escape(s)),
        SequenceValue seq => new SequenceValue(seq.Elements.Select(Escaped)),
        StructureValue st => new StructureValue(st.Properties.Select(p => new LogEventProperty(p.Name, Escaped(p.Value))), st.TypeTag),
        DictionaryValue d => new DictionaryValue(d.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key, Escaped(kv.Value)))),
        _ => value,
    };
}

/// <summary>Control characters written as visible escapes: CR as \r, LF as \n, ESC as \x1B.</summary>
public static class LogText
{
    public static string Escape(string s)
    {
        if (!s.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029')) return s;
        var b = new StringBuilder(s.Length + 8);
        foreach (var c in s) b.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? EscapeChar(c) : c);
        return b.ToString();
    }

    public static string EscapeChar(char c) => c switch
    {
        '\r' => "\\r", '\n' => "\\n", '\t' => "\\t",
        _ => c <= '\u00ff' ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}",
    };
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
