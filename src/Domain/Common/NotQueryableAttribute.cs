namespace ContactBox.Domain.Common;

/// <summary>
/// A property that no API caller may filter or sort on, e.g. a password hash: a filter on it would let a
/// caller guess the value one comparison at a time.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotQueryableAttribute : Attribute;
