using ContactBox.Domain.Import;
using ContactBox.Infrastructure.Import;
using GraphQL.Types;

namespace ContactBox.Api.Import;

public sealed class ColumnMappingInputType : InputObjectGraphType
{
    public ColumnMappingInputType()
    {
        Name = "ColumnMappingInput";
        Field<NonNullGraphType<StringGraphType>>("column").Description("The column's header, or its 1-based number (\"1\", \"2\" …) in a file without a header.");
        Field<NonNullGraphType<EnumerationGraphType<ImportField>>>("field");
    }
}

public sealed class ImportContactsInputType : InputObjectGraphType
{
    public ImportContactsInputType()
    {
        Name = "ImportContactsInput";
        Field<NonNullGraphType<GraphQL.Scalars.UploadType>>("file").Description("The CSV file: a multipart request's file part, see Upload.");
        Field<ListGraphType<NonNullGraphType<ColumnMappingInputType>>>("mapping")
            .Description("Which column fills which field. Left out: suggested from the headers (German and English names, and the contact fields' own names).");
        Field<StringGraphType>("separator").Description("One character, e.g. \";\". Left out: detected among , ; tab and |.");
        Field<EnumerationGraphType<ImportEncoding>>("encoding").Description("Left out: UTF-8 (with or without BOM) when the file is valid UTF-8, else Windows-1252.");
        Field<BooleanGraphType>("hasHeader").Description("Left out: the first row is a header when one of its cells names a contact field.");
        Field<EnumerationGraphType<DuplicatePolicy>>("duplicates").DefaultValue(DuplicatePolicy.Skip)
            .Description("What happens to a row whose e-mail address an existing contact (or an earlier row) already has.");
        Field<EnumerationGraphType<RowPolicy>>("rowPolicy").DefaultValue(RowPolicy.AllOrNothing);
        Field<BooleanGraphType>("dryRun").DefaultValue(false).Description("Runs the whole import and reports its outcome, then writes nothing.");
    }
}

public sealed class ColumnMappingType : ObjectGraphType<ColumnMapping>
{
    public ColumnMappingType()
    {
        Name = "ColumnMapping";
        Field(m => m.Column);
        Field<NonNullGraphType<EnumerationGraphType<ImportField>>>("field").Resolve(c => c.Source.Field);
    }
}

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

public sealed class ImportResultType : ObjectGraphType<ImportResult>
{
    public ImportResultType()
    {
        Name = "ImportResult";
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
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ColumnMappingType>>>>("mapping").Resolve(c => c.Source.Mapping);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportProblemType>>>>("problems").Description("Every rejected row, by line.").Resolve(c => c.Source.Problems);
        Field<NonNullGraphType<StringGraphType>>("errorReportCsv").Description("The same problems as a CSV file (line,column,reason), to download or open in a spreadsheet.")
            .Resolve(c => c.Source.ErrorReportCsv());
        Field(r => r.Sha256).Description("SHA-256 of the file, as the audit record keeps it.");
    }
}
