using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using MiniExcelLibs;

namespace CaseHub.Host.Api.Exports;

/// <summary>
/// A table written out as a file while its rows are read: CSV (UTF-8 with a byte-order mark, so Excel opens Chinese
/// correctly) or XLSX (MiniExcel). Rows are pulled one at a time from their source; nothing gathers them first, so the
/// host's memory does not grow with the number of rows.
/// </summary>
public sealed class TableFile<T>(string name, IReadOnlyList<(string Header, Func<T, string?> Value)> columns, IAsyncEnumerable<T> rows) : IResult
{
    public static readonly string[] Formats = ["csv", "xlsx"];

    /// <summary>"csv" or "xlsx" (checked by the caller).</summary>
    public string Format { get; init; } = "csv";

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var response = http.Response;
        var fileName = $"{name}-{DateTime.UtcNow:yyyyMMddHHmm}.{Format}";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
        if (Format == "xlsx")
        {
            response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            // MiniExcel's zip writer writes synchronously; the response allows it for this answer only.
            if (http.Features.Get<IHttpBodyControlFeature>() is { } body) body.AllowSynchronousIO = true;
            await response.Body.SaveAsAsync(Sheet(ct), sheetName: name, cancellationToken: ct);
            return;
        }
        response.ContentType = "text/csv; charset=utf-8";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await writer.WriteLineAsync(string.Join(',', columns.Select(c => Cell(c.Header))));
        var written = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteLineAsync(string.Join(',', columns.Select(c => Cell(c.Value(row)))));
            // Hand each few hundred rows to the client as they are made, rather than holding the file.
            if (++written % 500 == 0) await writer.FlushAsync(ct);
        }
    }

    private async IAsyncEnumerable<Dictionary<string, object?>> Sheet([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in rows.WithCancellation(ct))
            yield return columns.ToDictionary(c => c.Header, c => (object?)Guard(c.Value(row)));
    }

    /// <summary>A CSV field: quoted when it holds a separator, a quote or a line break.</summary>
    private static string Cell(string? value)
    {
        var text = Guard(value) ?? "";
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    /// <summary>A text a spreadsheet would run as a formula (=, +, -, @ first) is written as text, with a leading apostrophe.</summary>
    private static string? Guard(string? value) =>
        value is { Length: > 0 } && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;
}
