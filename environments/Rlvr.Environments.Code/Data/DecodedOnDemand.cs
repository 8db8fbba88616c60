using System.Collections;

namespace Rlvr.Environments.Code.Data;

/// <summary>
/// A list whose items are decoded from a compact form when first needed and may be dropped again under memory
/// pressure (held through a weak reference), then decoded anew. LiveCodeBench's private tests are kept this way: a
/// problem holds its zlib-compressed tests, not the decoded strings, which can be many times larger.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class DecodedOnDemand<T> : IReadOnlyList<T>
{
    private readonly Func<IReadOnlyList<T>> decode;
    private readonly WeakReference<IReadOnlyList<T>> cache;

    /// <summary>Creates the list from a first decoding (which fixes the count and is kept while memory allows).</summary>
    /// <param name="decoded">The items, decoded once to check them.</param>
    /// <param name="decode">Decodes the items again; must give the same items.</param>
    public DecodedOnDemand(IReadOnlyList<T> decoded, Func<IReadOnlyList<T>> decode)
    {
        Count = decoded.Count;
        this.decode = decode;
        cache = new WeakReference<IReadOnlyList<T>>(decoded);
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public T this[int index] => Items()[index];

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => Items().GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IReadOnlyList<T> Items()
    {
        if (cache.TryGetTarget(out var items))
        {
            return items;
        }

        items = decode();
        if (items.Count != Count)
        {
            throw new InvalidOperationException($"decoded {items.Count} items where {Count} were decoded before");
        }

        cache.SetTarget(items);
        return items;
    }
}
