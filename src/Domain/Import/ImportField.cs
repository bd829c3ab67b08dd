namespace ContactBox.Domain.Import;

/// <summary>A contact field a CSV column can be mapped to.</summary>
public enum ImportField
{
    Kind,
    Salutation,
    Title,
    FirstName,
    LastName,
    OrganizationName,
    Department,
    JobTitle,
    Website,
    Birthday,
    Email,
    Phone,
    Street,
    PostalCode,
    City,
    Region,
    Country,
    Tags,
    ExternalId,
}

/// <summary>What to do with a row whose duplicate key (<see cref="DuplicateKey"/>) matches an existing contact or an earlier row.</summary>
public enum DuplicatePolicy
{
    Skip,
    Update,
    CreateAnyway,
}

/// <summary>All-or-nothing writes nothing when any row is rejected; ValidRows writes the rows that passed.</summary>
public enum RowPolicy
{
    AllOrNothing,
    ValidRows,
}

/// <summary>What happened (or, in a dry run, would happen) to one row.</summary>
public enum RowOutcome
{
    Created,
    Updated,
    Skipped,
    Rejected,
}

/// <summary>One column of the file mapped to one field.</summary>
public sealed record ColumnMapping<TField>(string Column, TField Field)
    where TField : struct, Enum;

/// <summary>A rejected row: its 1-based line in the file, the column (header name) at fault, and why.</summary>
public sealed record ImportProblem(long Line, string? Column, string Reason);
