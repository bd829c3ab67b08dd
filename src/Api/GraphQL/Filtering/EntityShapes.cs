using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ContactBox.Api.GraphQL.Filtering;

/// <summary>The <see cref="EntityShape"/>s of the EF Core model, built once per application.</summary>
public sealed class EntityShapes(IServiceProvider services)
{
    private readonly Lazy<IModel> _model = new(() =>
    {
        // The model does not depend on the workspace or open a connection; any context instance yields it.
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Model;
    });

    private readonly Dictionary<Type, EntityShape> _shapes = [];

    public EntityShape Of(Type clrType)
    {
        lock (_shapes)
        {
            if (!_shapes.TryGetValue(clrType, out var shape))
            {
                shape = EntityShape.For(_model.Value, clrType);
                _shapes.Add(clrType, shape);
            }

            return shape;
        }
    }
}
