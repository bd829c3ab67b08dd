using ContactBox.Domain.CustomFields;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.CustomFields;

internal sealed class CustomFieldEntityTypeConfiguration : IEntityTypeConfiguration<CustomField>
{
    public void Configure(EntityTypeBuilder<CustomField> builder)
    {
        builder.Property(f => f.Key).HasMaxLength(CustomFieldLimits.Key);
        builder.Property(f => f.Label).HasMaxLength(CustomFieldLimits.Label);
        builder.Property(f => f.Description).HasMaxLength(CustomFieldLimits.Description);
        builder.Property(f => f.Type).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(f => f.IsArchived);
        builder.Ignore(f => f.IsPickList);
        builder.HasIndex(f => new { f.WorkspaceId, f.Key }).IsUnique();
        builder.HasMany(f => f.Options).WithOne().HasForeignKey(o => o.FieldId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(f => f.Options).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CustomFieldOptionEntityTypeConfiguration : IEntityTypeConfiguration<CustomFieldOption>
{
    public void Configure(EntityTypeBuilder<CustomFieldOption> builder)
    {
        // Added through the field's collection with its key already set: a new row, not one to update.
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Key).HasMaxLength(CustomFieldLimits.Key);
        builder.Property(o => o.Label).HasMaxLength(CustomFieldLimits.Label);
        builder.Ignore(o => o.IsArchived);
        builder.HasIndex(o => new { o.FieldId, o.Key }).IsUnique();
    }
}

internal sealed class CustomFieldValueEntityTypeConfiguration : IEntityTypeConfiguration<CustomFieldValue>
{
    public void Configure(EntityTypeBuilder<CustomFieldValue> builder)
    {
        // Added through the contact's collection with its key already set: a new row, not one to update.
        builder.Property(v => v.Id).ValueGeneratedNever();
        // A field with values is archived, never deleted.
        builder.HasOne(v => v.Field).WithMany().HasForeignKey(v => v.FieldId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(v => v.Text).HasMaxLength(CustomFieldLimits.Text);
        builder.HasMany(v => v.Options).WithOne().HasForeignKey(o => o.ValueId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(v => v.Options).UsePropertyAccessMode(PropertyAccessMode.Field);

        // One value per contact and field; the field-first indexes serve filters and sorts by one field.
        builder.HasIndex(v => new { v.ContactId, v.FieldId }).IsUnique();
        builder.HasIndex(v => new { v.FieldId, v.Text });
        builder.HasIndex(v => new { v.FieldId, v.Number });
        builder.HasIndex(v => new { v.FieldId, v.Date });
    }
}

internal sealed class CustomFieldValueOptionEntityTypeConfiguration : IEntityTypeConfiguration<CustomFieldValueOption>
{
    public void Configure(EntityTypeBuilder<CustomFieldValueOption> builder)
    {
        builder.HasKey(o => new { o.ValueId, o.OptionId });
        builder.HasOne(o => o.Option).WithMany().HasForeignKey(o => o.OptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => o.OptionId);
    }
}
