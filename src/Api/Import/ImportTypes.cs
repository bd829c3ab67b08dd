using ContactBox.Domain.Import;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Import;
using GraphQL.Types;

namespace ContactBox.Api.Import;

public abstract class ColumnMappingInputType<TField> : InputObjectGraphType
    where TField : struct, Enum
{
    protected ColumnMappingInputType(string name, bool customFields = false)
    {
        Name = name;
        Field<NonNullGraphType<StringGraphType>>("column").Description("The column's header, or its 1-based number (\"1\", \"2\" …) in a file without a header.");
        if (customFields)
        {
            Field<EnumerationGraphType<TField>>("field").Description("A contact field; or give customField.");
            Field<StringGraphType>("customField").Description("The key of a custom field (values converted to its type); or give field.");
        }
        else
        {
            Field<NonNullGraphType<EnumerationGraphType<TField>>>("field");
        }
    }
}

public sealed class ContactColumnMappingInputType() : ColumnMappingInputType<ImportField>("ContactColumnMappingInput", customFields: true);

/// <summary><c>pickLists: [{field: "interessen", label: "Interessen", columns: ["Newsletter", "Messe"], multiple: true, valueFrom: HEADER}]</c>.</summary>
public sealed class PickListColumnsInputType : InputObjectGraphType
{
    public PickListColumnsInputType()
    {
        Name = "PickListColumnsInput";
        Description = "Several columns combined into one pick-list custom field, created when it does not exist; options it meets are added.";
        Field<NonNullGraphType<StringGraphType>>("field").Description("The pick list's key.");
        Field<StringGraphType>("label").Description("The label of a field the import creates; the key when left out.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("columns");
        Field<BooleanGraphType>("multiple").DefaultValue(true).Description("A MULTI_PICK_LIST (any number of values) or a PICK_LIST (one).");
        Field<EnumerationGraphType<PickListValueSource>>("valueFrom").DefaultValue(PickListValueSource.Header)
            .Description("HEADER: yes-like cells (ja, yes, x, 1) contribute their column's header; CELL: the cells' texts are the values.");
    }
}

public sealed class CreatedPickListOptionType : ObjectGraphType<CreatedPickListOption>
{
    public CreatedPickListOptionType()
    {
        Name = "CreatedPickListOption";
        Description = "An option the import added (a dry run: would add) to a pick list.";
        Field<NonNullGraphType<StringGraphType>>("field").Resolve(c => c.Source.FieldKey);
        Field<NonNullGraphType<StringGraphType>>("key").Resolve(c => c.Source.OptionKey);
        Field(o => o.Label);
    }
}

public sealed class CustomFieldColumnMappingType : ObjectGraphType<CustomFieldColumn>
{
    public CustomFieldColumnMappingType()
    {
        Name = "CustomFieldColumnMapping";
        Field(m => m.Column);
        Field<NonNullGraphType<StringGraphType>>("customField").Resolve(c => c.Source.FieldKey);
    }
}

public sealed class TimelineColumnMappingInputType() : ColumnMappingInputType<TimelineImportField>("TimelineColumnMappingInput");

/// <summary>The file and how to read it; the same for every kind of import.</summary>
public abstract class ImportInputType<TMapping> : InputObjectGraphType
    where TMapping : IInputObjectGraphType
{
    protected ImportInputType(string name)
    {
        Name = name;
        Field<GraphQL.Scalars.UploadType>("file").Description("The CSV file: a multipart request's file part, see Upload. Or fileId.");
        Field<IdGraphType>("fileId")
            .Description("Instead of file: a file uploaded earlier by you (BackgroundOperation.fileId, e.g. of a dry run), until its fileExpiresAt.");
        Field<BooleanGraphType>("background")
            .Description("Run as a background operation whatever the file's size (files over ContactBox:Operations:ImportInlineMaxBytes always do); false runs it at once.");
        Field<ListGraphType<NonNullGraphType<TMapping>>>("mapping")
            .Description("Which column fills which field. Left out: suggested from the headers (German and English names, and the fields' own names).");
        Field<StringGraphType>("separator").Description("One character, e.g. \";\". Left out: detected among , ; tab and |.");
        Field<EnumerationGraphType<ImportEncoding>>("encoding").Description("Left out: UTF-8 (with or without BOM) when the file is valid UTF-8, else Windows-1252.");
        Field<BooleanGraphType>("hasHeader").Description("Left out: the first row is a header when one of its cells names a field.");
        Field<EnumerationGraphType<RowPolicy>>("rowPolicy").DefaultValue(RowPolicy.AllOrNothing)
            .Description("ALL_OR_NOTHING writes nothing when a row is rejected; VALID_ROWS writes the rows that passed.");
        Field<BooleanGraphType>("dryRun").DefaultValue(false).Description("Runs the whole import and reports its outcome, then writes nothing.");
    }
}

public sealed class ImportContactsInputType : ImportInputType<ContactColumnMappingInputType>
{
    public ImportContactsInputType()
        : base("ImportContactsInput")
    {
        Field<EnumerationGraphType<DuplicatePolicy>>("duplicates").DefaultValue(DuplicatePolicy.Skip)
            .Description("What happens to a row whose duplicate key an existing contact (or an earlier row) already has.");
        Field<EnumerationGraphType<DuplicateKey>>("duplicateKey").DefaultValue(DuplicateKey.Email)
            .Description("What makes a row a duplicate: EMAIL (trimmed, any case), PHONE (digits in international form; 0… is German, 00… and +… international), "
                         + "EXTERNAL_ID (the column mapped to EXTERNAL_ID: the old system's key, exact), NAME_AND_POSTAL_CODE (last and first name, or the "
                         + "organisation's name, any case, with the postal code). A row without the key's data is new.");
        Field<IdGraphType>("purposeId").Description("A processing purpose every new contact is assigned to (not consent: that needs evidence per contact).");
        Field<EnumerationGraphType<LegalBasis>>("legalBasis").Description("The assignment's legal basis; the purpose's when left out.");
        Field<ListGraphType<NonNullGraphType<PickListColumnsInputType>>>("pickLists").Description("Columns combined into pick-list custom fields.");
    }
}

public sealed class ImportTimelineInputType() : ImportInputType<TimelineColumnMappingInputType>("ImportTimelineInput");

public abstract class ColumnMappingType<TField> : ObjectGraphType<ColumnMapping<TField>>
    where TField : struct, Enum
{
    protected ColumnMappingType(string name)
    {
        Name = name;
        Field(m => m.Column);
        Field<NonNullGraphType<EnumerationGraphType<TField>>>("field").Resolve(c => c.Source.Field);
    }
}

public sealed class ContactColumnMappingType() : ColumnMappingType<ImportField>("ContactColumnMapping");

public sealed class TimelineColumnMappingType() : ColumnMappingType<TimelineImportField>("TimelineColumnMapping");

public sealed class ImportProblemType : ObjectGraphType<ImportProblem>
{
    public ImportProblemType()
    {
        Name = "ImportProblem";
        Description = "A rejected row.";
        Field<NonNullGraphType<LongGraphType>>("line").Description("The 1-based line of the file where the row starts (the header is line 1).").Resolve(c => c.Source.Line);
        Field(p => p.Column, nullable: true).Description("The header of the column at fault; null when the row as a whole could not be read.");
        Field(p => p.Reason);
    }
}

public abstract class ImportResultType<TField, TMapping> : ObjectGraphType<ImportResult<TField>>
    where TField : struct, Enum
    where TMapping : ColumnMappingType<TField>
{
    protected ImportResultType(string name)
    {
        Name = name;
        Description = "rows = created + updated + skipped + rejected. When committed is false (a dry run, or an all-or-nothing import with rejected rows) "
                      + "the counts say what would have happened and nothing was written.";
        Field(r => r.DryRun);
        Field(r => r.Committed);
        Field<NonNullGraphType<LongGraphType>>("rows").Resolve(c => c.Source.Rows);
        Field<NonNullGraphType<LongGraphType>>("created").Resolve(c => c.Source.Created);
        Field<NonNullGraphType<LongGraphType>>("updated").Resolve(c => c.Source.Updated);
        Field<NonNullGraphType<LongGraphType>>("skipped").Resolve(c => c.Source.Skipped);
        Field<NonNullGraphType<LongGraphType>>("rejected").Resolve(c => c.Source.Rejected);
        Field<NonNullGraphType<StringGraphType>>("separator").Resolve(c => c.Source.Separator.ToString());
        Field<NonNullGraphType<EnumerationGraphType<ImportEncoding>>>("encoding").Resolve(c => c.Source.Encoding);
        Field(r => r.HasHeader);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("headers").Resolve(c => c.Source.Headers);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TMapping>>>>("mapping").Resolve(c => c.Source.Mapping);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportProblemType>>>>("problems").Description("Every rejected row, by line.").Resolve(c => c.Source.Problems);
        Field<NonNullGraphType<StringGraphType>>("errorReportCsv").Description("The same problems as a CSV file (line,column,reason), to download or open in a spreadsheet.")
            .Resolve(c => c.Source.ErrorReportCsv());
        Field(r => r.Sha256).Description("SHA-256 of the file, as the audit record keeps it.");
    }
}

public sealed class ContactImportResultType : ImportResultType<ImportField, ContactColumnMappingType>
{
    public ContactImportResultType()
        : base("ContactImportResult")
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomFieldColumnMappingType>>>>("customFieldMapping")
            .Description("The columns that filled custom fields (given, or suggested from headers equal to a field's key or label).").Resolve(c => c.Source.CustomFieldMapping);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("createdCustomFields")
            .Description("Keys of the pick-list fields the import created (a dry run: would create).").Resolve(c => c.Source.CreatedCustomFields);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CreatedPickListOptionType>>>>("createdOptions").Resolve(c => c.Source.CreatedOptions);
    }
}

public sealed class TimelineImportResultType() : ImportResultType<TimelineImportField, TimelineColumnMappingType>("TimelineImportResult");
