using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Paging;

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Information about pagination in a connection.";
        Field(p => p.HasNextPage).Description("Indicates whether more edges exist following the set defined by the clients arguments.");
        Field(p => p.HasPreviousPage).Description("Indicates whether more edges exist prior the set defined by the clients arguments.");
        Field(p => p.StartCursor, nullable: true).Description("When paginating backwards, the cursor to continue.");
        Field(p => p.EndCursor, nullable: true).Description("When paginating forwards, the cursor to continue.");
    }
}

/// <summary><c>ContactsEdge</c> and the like.</summary>
[global::GraphQL.DoNotRegister] // built from metadata, once per schema
public sealed class EdgeGraphType : ObjectGraphType<Edge>
{
    public EdgeGraphType(string name, Type nodeType)
    {
        Name = name;
        Description = "An edge in a connection.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("A cursor for use in pagination.").Resolve(c => c.Source.Cursor);
        Field("node", typeof(NonNullGraphType<>).MakeGenericType(nodeType)).Description("The item at the end of the edge.").Resolve(c => c.Source.Node);
    }
}

/// <summary><c>ContactsConnection</c> and the like: edges, nodes, pageInfo and totalCount.</summary>
[global::GraphQL.DoNotRegister] // built from metadata, once per schema
public sealed class ConnectionGraphType : ObjectGraphType<Connection>
{
    public ConnectionGraphType(string prefix, Type nodeType)
    {
        Name = $"{prefix}Connection";
        Description = "A connection to a list of items.";
        var edge = new EdgeGraphType($"{prefix}Edge", nodeType);
        Field("edges", new ListGraphType(new NonNullGraphType(edge))).Description("A list of edges.").Resolve(c => c.Source.Edges);
        Field("nodes", typeof(ListGraphType<>).MakeGenericType(typeof(NonNullGraphType<>).MakeGenericType(nodeType))).Description("A flattened list of the nodes.").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Information to aid in pagination.").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("Identifies the total count of items in the connection.")
            .ResolveAsync(async c => await c.Source.CountAsync(c.CancellationToken));
    }
}
