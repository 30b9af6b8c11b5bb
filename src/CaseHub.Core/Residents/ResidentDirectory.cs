using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using CaseHub.Core.Text;

namespace CaseHub.Core.Residents;

/// <summary>A resident's full record, unmasked.</summary>
public sealed record ResidentRecord(Guid Id, string Name, string Phone, string? IdNumber);

/// <summary>
/// Finds residents by phone or creates them, and is the only way to read an ID number back: every such
/// read is audited in the same SaveChanges, so a reveal without its audit row cannot happen.
/// </summary>
public sealed class ResidentDirectory(CaseHubDbContext db, AuditLog audit, IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string ProtectorPurpose = "CaseHub.Residents.IdNumber";
    public const string RevealAction = "resident.read_full";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);

    /// <summary>
    /// The resident with this phone, created (and saved) if there is none. An existing resident keeps their
    /// name; an ID number is added only when none is on file, because a different one would need a caseworker to decide.
    /// Call it outside an open transaction: losing a creation race is recovered by reading the winner, which
    /// PostgreSQL refuses inside a transaction that has just seen the unique-index violation.
    /// </summary>
    public async Task<Resident> FindOrCreateAsync(string name, string phone, string? idNumber, string actor, CancellationToken ct = default)
    {
        var (cleanName, cleanPhone, cleanId) = Validate(name, phone, idNumber);
        var existing = await db.Set<Resident>().SingleOrDefaultAsync(r => r.Phone == cleanPhone, ct);
        if (existing is not null)
        {
            if (existing.IdNumberProtected is null && cleanId is not null)
            {
                Protect(existing, cleanId);
                audit.Record(actor, "resident.add_id_number", nameof(Resident), existing.Id.ToString(), null, new { idNumber = existing.IdNumberMasked });
                await db.SaveChangesAsync(ct);
            }
            return existing;
        }

        var resident = new Resident { Name = cleanName, Phone = cleanPhone, CreatedAt = time.GetUtcNow() };
        if (cleanId is not null) Protect(resident, cleanId);
        db.Set<Resident>().Add(resident);
        var created = audit.Record(actor, "resident.create", nameof(Resident), resident.Id.ToString(), null,
            new { phone = Logging.PersonalData.MaskPhone(cleanPhone), idNumber = resident.IdNumberMasked });
        try
        {
            await db.SaveChangesAsync(ct);
            return resident;
        }
        catch (DbUpdateException)
        {
            // Another request created the same phone between our read and our insert: the unique index kept one; use it.
            db.Entry(resident).State = EntityState.Detached;
            db.Entry(created).State = EntityState.Detached;
            var winner = await db.Set<Resident>().SingleOrDefaultAsync(r => r.Phone == cleanPhone, ct);
            if (winner is null) throw;
            return winner;
        }
    }

    /// <summary>The full ID number (null if none is on file), or null for an unknown resident; audited as <see cref="RevealAction"/>.</summary>
    public async Task<string?> RevealIdNumberAsync(Guid residentId, string actor, CancellationToken ct = default) =>
        (await ReadFullAsync(residentId, actor, null, ct))?.IdNumber;

    /// <summary>
    /// The resident's unmasked record (to call them, or to check an application), or null for an unknown
    /// resident. Every read is written to the audit log as <see cref="RevealAction"/> in the same SaveChanges.
    /// </summary>
    public async Task<ResidentRecord?> ReadFullAsync(Guid residentId, string actor, string? jurisdictionId, CancellationToken ct = default)
    {
        var resident = await db.Set<Resident>().SingleOrDefaultAsync(r => r.Id == residentId, ct);
        if (resident is null) return null;
        audit.Record(actor, RevealAction, nameof(Resident), resident.Id.ToString(), jurisdictionId, new { idNumber = resident.IdNumberMasked });
        await db.SaveChangesAsync(ct);
        return new ResidentRecord(resident.Id, resident.Name, resident.Phone,
            resident.IdNumberProtected is null ? null : _protector.Unprotect(resident.IdNumberProtected));
    }

    private void Protect(Resident resident, string id)
    {
        resident.IdNumberProtected = _protector.Protect(id);
        resident.IdNumberMasked = ResidentInput.MaskIdNumber(id);
    }

    private static (string Name, string Phone, string? IdNumber) Validate(string? name, string? phone, string? idNumber)
    {
        var errors = new Dictionary<string, string[]>();
        var cleanName = name?.Trim() ?? "";
        if (cleanName.Length == 0) errors["name"] = ["请填写姓名 / The name is required."];
        else if (cleanName.Length > Resident.NameMaxLength) errors["name"] = [$"姓名不能超过 {Resident.NameMaxLength} 个字符 / The name may have at most {Resident.NameMaxLength} characters."];
        else PlainText.OneLine(cleanName, "name", errors);

        var cleanPhone = ResidentInput.NormalisePhone(phone);
        if (cleanPhone is null) errors["phone"] = ["手机号码无效，应为 11 位大陆手机号 / The phone must be an 11-digit mainland mobile number."];

        string? cleanId = null;
        if (!string.IsNullOrWhiteSpace(idNumber))
        {
            cleanId = ResidentInput.NormaliseIdNumber(idNumber);
            if (cleanId is null) errors["idNumber"] = ["身份证号码无效（18 位，校验位须正确）/ The ID number must have 18 characters with a valid check character."];
        }

        if (errors.Count > 0) throw new ResidentValidationException(errors);
        return (cleanName, cleanPhone!, cleanId);
    }
}
