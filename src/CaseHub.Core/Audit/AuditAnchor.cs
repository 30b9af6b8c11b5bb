using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Audit;

/// <summary>
/// The chain's head kept outside the database: after every seal, the newest sealed id and hash are appended to
/// a file and written to the log. Someone who can rewrite the database can delete the newest sealed rows and
/// leave a chain that is intact from genesis to its new end; the anchor remembers where the end was.
/// </summary>
public sealed class AuditAnchor(string path, ILogger<AuditAnchor> logger)
{
    private readonly Lock _gate = new();

    public string Path => path;

    public void Record(long id, string hash, DateTimeOffset at)
    {
        logger.LogInformation("Audit chain sealed up to row {AuditHeadId}, hash {AuditHeadHash}", id, hash);
        lock (_gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            File.AppendAllText(path, $"{id}\t{hash}\t{at.UtcDateTime:O}\n");
        }
    }

    /// <summary>The newest head this host anchored, or null when it has sealed nothing yet.</summary>
    public (long Id, string Hash)? Last()
    {
        lock (_gate)
        {
            if (!File.Exists(path)) return null;
            var line = File.ReadLines(path).LastOrDefault(l => l.Length > 0);
            if (line?.Split('\t') is not [var id, var hash, ..]) return null;
            return (long.Parse(id, CultureInfo.InvariantCulture), hash);
        }
    }
}
