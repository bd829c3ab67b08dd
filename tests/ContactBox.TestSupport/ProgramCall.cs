namespace ContactBox.TestSupport;

/// <summary>A program and its arguments, passed without a shell.</summary>
internal sealed record ProgramCall(string FileName, IReadOnlyList<string> Arguments)
{
    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
