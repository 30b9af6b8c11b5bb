using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CaseHub.Core.Audit;

/// <summary>
/// SHA-256 over a canonical form of a row: each field in a fixed order as a presence byte (0 = null),
/// its UTF-8 length as 4 bytes big-endian, then its UTF-8 bytes. Length prefixes keep field boundaries
/// unambiguous ("ab"+"c" and "a"+"bc" hash differently) without depending on any JSON encoder's escaping.
/// </summary>
public static class AuditHash
{
    public static string Compute(AuditEntry e)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, e.Id.ToString(CultureInfo.InvariantCulture));
        Append(sha, e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        Append(sha, e.Actor);
        Append(sha, e.Action);
        Append(sha, e.EntityType);
        Append(sha, e.EntityId);
        Append(sha, e.JurisdictionId);
        Append(sha, e.Data);
        Append(sha, e.PreviousHash);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Append(IncrementalHash sha, string? field)
    {
        Span<byte> header = stackalloc byte[5];
        if (field is null)
        {
            sha.AppendData(header[..1]);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(field);
        header[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], bytes.Length);
        sha.AppendData(header);
        sha.AppendData(bytes);
    }
}
