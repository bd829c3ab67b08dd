using ContactBox.Domain.CustomFields;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.CustomFields;

/// <summary>
/// A contact's custom field values in the access report. Erasure needs no participant: the values (and their option
/// links) are deleted by the database's cascade with the contact row.
/// </summary>
public sealed class CustomFieldPrivacy : IDataSubjectReportContributor
{
    public async Task<IReadOnlyList<ReportCustomField>> CustomFieldsAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var values = await db.CustomFieldValues.AsNoTracking().Include(v => v.Options).Where(v => v.ContactId == contactId).ToListAsync(cancellationToken);
        if (values.Count == 0)
        {
            return [];
        }

        var fields = await db.CustomFields.AsNoTracking().Include(f => f.Options).OrderBy(f => f.Position).ToListAsync(cancellationToken);
        return [.. fields.SelectMany(f => values.Where(v => v.FieldId == f.Id).Select(v => new ReportCustomField(f.Key, f.Label,
            CustomFieldFormat.Invariant.Write(f, v.Text, v.Number, v.Date, v.Boolean, v.Options.Select(o => o.OptionId).ToList()))))];
    }
}

public static class CustomFieldRegistration
{
    /// <summary>The custom fields' contribution to the access report.</summary>
    public static IServiceCollection AddContactBoxCustomFields(this IServiceCollection services) =>
        services.AddSingleton<IDataSubjectReportContributor, CustomFieldPrivacy>();
}
