using ContactBox.Domain.Common;

namespace ContactBox.Domain.CustomFields;

/// <summary>
/// One value of a pick list: a stable key and a label. An archived option stays on the contacts that have it
/// but cannot be newly chosen.
/// </summary>
public sealed class CustomFieldOption : WorkspaceEntity
{
    private CustomFieldOption() { }

    internal CustomFieldOption(Guid fieldId, string key, string label, int position, string keyField, string labelField)
    {
        FieldId = fieldId;
        Key = CustomFieldKeys.Check(key, keyField);
        Rename(label, labelField);
        Position = position;
    }

    public Guid FieldId { get; private set; }
    public string Key { get; private set; } = null!;
    public string Label { get; private set; } = null!;
    public int Position { get; internal set; }
    public DateTimeOffset? ArchivedAt { get; private set; }
    public bool IsArchived => ArchivedAt is not null;

    public void Rename(string? label, string field = "label") => Label = Guard.Required(label, field, CustomFieldLimits.Label);

    public void Archive(DateTimeOffset now) =>
        ArchivedAt = ArchivedAt is null ? Guard.Utc(now) : throw new DomainValidationException("id", "The option is already archived.");

    public void Restore() =>
        ArchivedAt = ArchivedAt is not null ? null : throw new DomainValidationException("id", "The option is not archived.");
}
