using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Export;

public sealed class ExcludedContactType : ObjectGraphType<ExcludedContact>
{
    public ExcludedContactType()
    {
        Name = "ExcludedContact";
        Description = "A selected contact the export's purpose did not cover, and why.";
        Field<NonNullGraphType<IdGraphType>>("contactId")
            .Description("The contact's ID (the contact may have been deleted since).")
            .Resolve(c => GlobalId.Format("Contact", c.Source.ContactId));
        Field<NonNullGraphType<EnumerationGraphType<ExclusionReason>>>("reason").Resolve(c => c.Source.Reason);
    }
}

/// <summary>An export's excluded contacts, on the export record and on the export's result.</summary>
public static class ExcludedContactFields
{
    private const string Legacy = "This export ran in the background before excluded contacts were stored with their reasons: read excludedContactIds.";

    /// <summary>
    /// <c>excludedContacts(reason, first, after, last, before): ExcludedContactsConnection!</c>, batched over the exports
    /// of a list: one statement for every export's block sizes, then one for the blocks the pages cover. Where a source
    /// may be a <paramref name="legacy"/> result, the field is nullable: null with an error for it.
    /// </summary>
    public static void ExcludedContacts<TSource>(this ObjectGraphType<TSource> type, SchemaKit kit, Func<TSource, Guid> exportId, Func<TSource, bool>? legacy = null) =>
        type.Field("excludedContacts", legacy is null
                ? new NonNullGraphType(kit.ConnectionType("ExcludedContacts", typeof(ExcludedContactType)))
                : kit.ConnectionType("ExcludedContacts", typeof(ExcludedContactType)))
            .Description("The selected contacts the purpose did not cover: reason by reason (in the order of ExclusionReason), each in the export's row order. "
                         + "An erased contact is cut out (the counts stay as they were)."
                         + (legacy is null ? "" : " Null, with an error, for a background export made before they were kept with their reasons (read excludedContactIds)."))
            .Argument<EnumerationGraphType<ExclusionReason>>("reason", "Only the contacts left out for this reason.")
            .PagingArguments()
            .Resolve(context =>
            {
                if (legacy?.Invoke(context.Source) == true)
                {
                    throw new ExecutionError(Legacy) { Code = ErrorCodes.ExcludedContactsNotKept };
                }

                var (first, after, last, before) = (context.GetArgument<int?>("first"), context.GetArgument<string?>("after"),
                    context.GetArgument<int?>("last"), context.GetArgument<string?>("before"));
                PageWindow.CheckSizes(first, last, kit.Options);
                var reason = context.GetArgument<ExclusionReason?>("reason");
                var id = exportId(context.Source);
                var loaders = context.Loaders();
                return loaders.GetOrAdd<Guid, IReadOnlyList<ExcludedContactPages.BlockSize>>("excludedContacts:sizes", ExcludedContactPages.SizesAsync, () => [])
                    .Load(id)
                    .Then(sizes =>
                    {
                        var list = ExcludedContactPages.Of(id, sizes!, reason);
                        var window = PageWindow.For(first, after, last, before, kit.Options, list.Total);
                        var blocks = loaders.GetOrAdd<ExcludedContactPages.BlockKey, byte[]>("excludedContacts:blocks", ExcludedContactPages.ContentsAsync);
                        var covering = list.Covering(window.Skip, window.Take + 1);
                        return covering.Select(blocks.Load).ToList().All().Then(contents =>
                        {
                            var read = covering.Zip(contents).Where(c => c.Second is not null).ToDictionary(c => c.First, c => c.Second!);
                            return Connection.From(list.Page(window.Skip, window.Take + 1, read), window, _ => Task.FromResult(list.Total));
                        });
                    });
            });

    /// <summary>The deprecated whole list, read from the same blocks (or, for an old background export, from its kept result).</summary>
    public static void ExcludedContactIds(this ObjectGraphType<ExportResult> type) =>
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("excludedContactIds")
            .Description("Every excluded contact's ID in one list, in the order of excludedContacts.")
            .DeprecationReason("One unpaged list of every excluded contact: use excludedContacts, which pages them and says why each was left out.")
            .ResolveAsync(async context =>
            {
                var ids = context.Source.LegacyExcludedContactIds
                          ?? [.. (await (await ExcludedContactPages.OfAsync(context.Db(), context.Source.Export.Id, null, context.CancellationToken))
                              .ReadAllAsync(context.Db(), context.CancellationToken)).Select(e => e.ContactId)];
                return ids.Select(id => GlobalId.Format("Contact", id)).ToList();
            });
}
