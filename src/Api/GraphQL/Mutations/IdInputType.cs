using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Mutations;

/// <summary>The input of a mutation that only names its object, e.g. <c>input DeleteContactInput { id: ID! }</c>.</summary>
[global::GraphQL.DoNotRegister] // one instance per mutation, named after it
public sealed class IdInputType : InputObjectGraphType
{
    public IdInputType(string name)
    {
        Name = name;
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}
