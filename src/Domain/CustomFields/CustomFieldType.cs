namespace ContactBox.Domain.CustomFields;

/// <summary>What a custom field holds; decides which value member of a contact's entry is used.</summary>
public enum CustomFieldType
{
    Text,
    Number,
    Date,

    /// <summary>Yes/no.</summary>
    Boolean,

    /// <summary>One option of the field's list.</summary>
    PickList,

    /// <summary>Any number of options of the field's list.</summary>
    MultiPickList,
}
