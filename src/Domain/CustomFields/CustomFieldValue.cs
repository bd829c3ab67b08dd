using ContactBox.Domain.Common;

namespace ContactBox.Domain.CustomFields;

/// <summary>
/// A contact's value of one custom field: a child row of the contact with one typed column per kind of value
/// (so filters and sorts compare numbers as numbers and dates as dates) and, for pick lists, option link rows.
/// A row exists only while the contact has a value; clearing removes it.
/// </summary>
public sealed class CustomFieldValue : Entity, IWorkspaceOwned
{
    private readonly List<CustomFieldValueOption> _options = [];

    private CustomFieldValue() { }

    internal CustomFieldValue(Guid contactId, Guid fieldId)
    {
        ContactId = contactId;
        FieldId = fieldId;
    }

    public Guid WorkspaceId { get; private set; }
    public Guid ContactId { get; private set; }
    public Guid FieldId { get; private set; }

    /// <summary>The field, for filters (<c>field: { key: { eq: "branche" } }</c>); never set by the domain.</summary>
    public CustomField Field { get; private set; } = null!;

    public string? Text { get; private set; }
    public double? Number { get; private set; }
    public DateOnly? Date { get; private set; }
    public bool? Boolean { get; private set; }

    /// <summary>The chosen options of a pick list (one) or multi pick list (any number).</summary>
    public IReadOnlyCollection<CustomFieldValueOption> Options => _options;

    internal void Set(CustomFieldEntry entry, IReadOnlyList<Guid> optionIds)
    {
        Text = entry.Text;
        Number = entry.Number;
        Date = entry.Date;
        Boolean = entry.Boolean;
        _options.RemoveAll(o => !optionIds.Contains(o.OptionId));
        foreach (var id in optionIds.Where(id => !_options.Exists(o => o.OptionId == id)))
        {
            _options.Add(new CustomFieldValueOption(Id, id));
        }
    }
}

/// <summary>One chosen option of a contact's pick-list value.</summary>
public sealed class CustomFieldValueOption : IWorkspaceOwned
{
    private CustomFieldValueOption() { }

    internal CustomFieldValueOption(Guid valueId, Guid optionId)
    {
        ValueId = valueId;
        OptionId = optionId;
    }

    public Guid WorkspaceId { get; private set; }
    public Guid ValueId { get; private set; }
    public Guid OptionId { get; private set; }

    /// <summary>The option, for filters (<c>option: { key: { eq: "messe" } }</c>); never set by the domain.</summary>
    public CustomFieldOption Option { get; private set; } = null!;
}
