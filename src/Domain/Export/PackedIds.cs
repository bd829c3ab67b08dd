namespace ContactBox.Domain.Export;

/// <summary>
/// IDs stored as one blob of their 16 bytes each, big-endian (so byte order is <see cref="Guid"/> order): the export
/// records' form of the contacts an export included (<see cref="ExportedContactBucket"/>) or left out
/// (<see cref="ExcludedContactBlock"/>).
/// </summary>
public static class PackedIds
{
    public const int IdSize = 16;

    public static byte[] Pack(IReadOnlyList<Guid> ids)
    {
        var bytes = new byte[ids.Count * IdSize];
        for (var i = 0; i < ids.Count; i++)
        {
            Write(ids[i], bytes.AsSpan(i * IdSize, IdSize));
        }

        return bytes;
    }

    public static void Write(Guid id, Span<byte> destination) => id.TryWriteBytes(destination, bigEndian: true, out _);

    public static Guid At(ReadOnlySpan<byte> ids, int index) => new(ids.Slice(index * IdSize, IdSize), bigEndian: true);

    public static int Count(byte[] ids) => ids.Length / IdSize;

    public static IEnumerable<Guid> Unpack(byte[] ids)
    {
        for (var index = 0; index < ids.Length / IdSize; index++)
        {
            yield return At(ids, index);
        }
    }

    /// <summary>The index of <paramref name="id"/> among IDs in any order (a linear scan), or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> ids, Guid id)
    {
        Span<byte> key = stackalloc byte[IdSize];
        Write(id, key);
        for (var offset = 0; offset + IdSize <= ids.Length; offset += IdSize)
        {
            if (ids.Slice(offset, IdSize).SequenceEqual(key))
            {
                return offset / IdSize;
            }
        }

        return -1;
    }

    /// <summary>Binary search over ascending IDs: the index of <paramref name="id"/>, or -1.</summary>
    public static int IndexOfSorted(ReadOnlySpan<byte> ids, Guid id)
    {
        Span<byte> key = stackalloc byte[IdSize];
        Write(id, key);
        var (low, high) = (0, (ids.Length / IdSize) - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = ids.Slice(middle * IdSize, IdSize).SequenceCompareTo(key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>The IDs without the one at <paramref name="index"/> (the others keep their order).</summary>
    public static byte[] WithoutAt(byte[] ids, int index)
    {
        var offset = index * IdSize;
        return [.. ids.AsSpan(0, offset), .. ids.AsSpan(offset + IdSize)];
    }
}
