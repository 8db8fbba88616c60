using System.Reflection;
using System.Text;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Rlvr.Core.Data.Datasets;

/// <summary>
/// Reads chosen top-level columns of one Parquet row group into per-row values shaped like Parquet.Net's untyped
/// deserializer's (structs as dictionaries, lists as lists, strings as strings), without reading the other columns'
/// pages. It assembles the common shapes itself from definition and repetition levels: scalars, structs of them
/// (nested any depth), lists of scalars and lists of structs whose fields are scalars or structs (verl's chat
/// <c>prompt</c>), also inside structs. Any other shape (maps, lists of lists, a list inside a list's element, legacy
/// two-level lists) is not assembled here: <see cref="Supports"/> says so and the caller reads the file the general way.
/// </summary>
/// <remarks>
/// <para>Like the untyped deserializer, a null value leaves its property out. Unlike it (6.1.0), an empty list stays an empty
/// list rather than being left out, and a null list element stays in its place rather than being dropped.</para>
/// <para>Level arithmetic follows Parquet.Net 6.1.0's schema (aloneguid/parquet-dotnet, tag 6.1.0, commit
/// c179d97bd2549b5f44a9241e729f869d4947ee59): <c>src/Parquet/Schema/StructField.cs</c> adds one definition level for a
/// nullable struct, <c>src/Parquet/Schema/ListField.cs</c> one for a nullable list plus one (and one repetition level)
/// for its repeated group, <c>src/Parquet/Schema/DataField.cs</c> one for a nullable value.
/// <c>ParquetRowGroupReader.ReadRawColumnDataBaseAsync</c> (<c>src/Parquet/ParquetRowGroupReader.cs</c>) returns the
/// non-null values packed, with one definition (and repetition) level per entry.</para>
/// </remarks>
internal static class ParquetProjection
{
    private static readonly MethodInfo BoxValuesMethod = typeof(ParquetProjection).GetMethod(nameof(BoxValues), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Whether this reader assembles <paramref name="field"/> (and everything under it), a top-level field.</summary>
    public static bool Supports(Field field) => SupportsAt(field, 0);

    // Whether the field, found at the given repetition depth (0 at top level, 1 inside a list's element), is assembled.
    private static bool SupportsAt(Field field, int repetition) => field switch
    {
        DataField data => !data.IsArray && data.MaxRepetitionLevel == repetition && data.ClrType.IsValueType,
        StructField structure => structure.MaxRepetitionLevel == repetition && structure.Fields.All(f => SupportsAt(f, repetition)),
        ListField list => repetition == 0 && list.MaxRepetitionLevel == 1 && list.MaxDefinitionLevel >= 1 && list.Item switch
        {
            DataField item => SupportsAt(item, 1) && item.MaxDefinitionLevel >= list.MaxDefinitionLevel,
            StructField item => item.Fields.Count > 0 && SupportsAt(item, 1) && item.MaxDefinitionLevel >= list.MaxDefinitionLevel,
            _ => false,
        },
        _ => false,
    };

    /// <summary>Reads <paramref name="field"/> (a supported top-level field) of every row of the row group.</summary>
    public static async Task<object?[]> ReadAsync(ParquetRowGroupReader group, Field field, CancellationToken cancellationToken)
    {
        var (values, _) = await AssembleAsync(group, field, checked((int)group.RowCount), cancellationToken).ConfigureAwait(false);
        return values;
    }

    // Per row: the value, and the definition level of the row's first entry in one leaf column under the field
    // (int.MaxValue when nothing on the path can be null), from which an enclosing struct learns whether it is null.
    private static async Task<(object?[] Values, int[] Levels)> AssembleAsync(ParquetRowGroupReader group, Field field, int rows, CancellationToken cancellationToken)
    {
        switch (field)
        {
            case DataField data:
                return await ReadScalarsAsync(group, data, rows, cancellationToken).ConfigureAwait(false);
            case ListField list:
                return await ReadListsAsync(group, list, rows, cancellationToken).ConfigureAwait(false);
            case StructField structure:
                var children = new List<(string Name, object?[] Values)>(structure.Fields.Count);
                int[]? levels = null;
                foreach (var child in structure.Fields)
                {
                    var (values, childLevels) = await AssembleAsync(group, child, rows, cancellationToken).ConfigureAwait(false);
                    children.Add((child.Name, values));
                    levels ??= childLevels;
                }

                levels ??= Enumerable.Repeat(int.MaxValue, rows).ToArray();
                var result = new object?[rows];
                for (int row = 0; row < rows; row++)
                {
                    if (levels[row] < structure.MaxDefinitionLevel)
                    {
                        continue;
                    }

                    var value = new Dictionary<string, object?>(children.Count, StringComparer.Ordinal);
                    foreach (var (name, values) in children)
                    {
                        if (values[row] is { } child)
                        {
                            value[name] = child;
                        }
                    }

                    result[row] = value;
                }

                return (result, levels);
            default:
                throw new NotSupportedException($"column '{field.Path}' has an unsupported shape ({field.SchemaType})");
        }
    }

    private static async Task<(object?[] Values, int[] Levels)> ReadScalarsAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        using var raw = await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        object?[] packed = Box(field, raw);
        var values = new object?[rows];
        var levels = new int[rows];
        if (field.MaxDefinitionLevel == 0)
        {
            Array.Copy(packed, values, Math.Min(rows, packed.Length));
            Array.Fill(levels, int.MaxValue);
            return (values, levels);
        }

        var definitions = raw.DefinitionLevels;
        int next = 0;
        for (int row = 0; row < rows && row < definitions.Length; row++)
        {
            levels[row] = definitions[row];
            if (definitions[row] >= field.MaxDefinitionLevel)
            {
                values[row] = packed[next++];
            }
        }

        return (values, levels);
    }

    // A list of scalars or of structs. Each entry of a leaf column under the list is one element (or marks an empty or
    // null list); a list of structs assembles its elements as slots, one per entry, like a row's struct, then groups them.
    private static async Task<(object?[] Values, int[] Levels)> ReadListsAsync(ParquetRowGroupReader group, ListField list, int rows, CancellationToken cancellationToken)
    {
        object?[]? elements = null;
        var leaf = list.Item as DataField;
        if (list.Item is StructField structure)
        {
            leaf = FirstLeaf(structure);
            int entries;
            using (var counted = await group.ReadRawColumnDataBaseAsync(leaf, cancellationToken).ConfigureAwait(false))
            {
                entries = counted.DefinitionLevels.Length;
            }

            (elements, _) = await AssembleAsync(group, structure, entries, cancellationToken).ConfigureAwait(false);
        }

        using var raw = await group.ReadRawColumnDataBaseAsync(leaf!, cancellationToken).ConfigureAwait(false);
        object?[] packed = elements is null ? Box(leaf!, raw) : [];
        var definitions = raw.DefinitionLevels;
        var repetitions = raw.RepetitionLevels;

        // A list exists from one level below its element level (the repeated group adds exactly one); an element
        // exists at the list's level, and is non-null at the item's.
        int exists = list.MaxDefinitionLevel - 1;
        int present = list.Item.MaxDefinitionLevel;
        var values = new object?[rows];
        var levels = new int[rows];
        int row = -1;
        int next = 0;
        List<object?>? current = null;
        for (int i = 0; i < definitions.Length; i++)
        {
            int definition = definitions[i];
            if (repetitions[i] == 0)
            {
                row++;
                if (row >= rows)
                {
                    break;
                }

                levels[row] = definition;
                current = definition >= exists ? [] : null;
                values[row] = current;
            }

            if (elements is not null)
            {
                if (current is not null && definition >= list.MaxDefinitionLevel)
                {
                    current.Add(elements[i]);
                }
            }
            else if (current is not null && definition >= list.MaxDefinitionLevel)
            {
                current.Add(definition >= present ? packed[next++] : null);
            }
            else if (definition >= present)
            {
                next++;
            }
        }

        return (values, levels);
    }

    private static DataField FirstLeaf(StructField structure) => structure.Fields[0] switch
    {
        DataField data => data,
        StructField inner => FirstLeaf(inner),
        var other => throw new NotSupportedException($"column '{other.Path}' has an unsupported shape ({other.SchemaType})"),
    };

    private static object?[] Box(DataField field, RawColumnData raw) =>
        (object?[])BoxValuesMethod.MakeGenericMethod(field.ClrType).Invoke(null, [raw])!;

    // The packed values as objects; text is copied out of the reader's pooled buffers before they are returned.
    private static object?[] BoxValues<T>(RawColumnData raw)
        where T : struct
    {
        var values = ((RawColumnData<T>)raw).Values;
        var boxed = new object?[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            boxed[i] = values[i] switch
            {
                ReadOnlyMemory<char> chars => chars.ToString(),
                ReadOnlyMemory<byte> bytes => Encoding.UTF8.GetString(bytes.Span),
                var value => value,
            };
        }

        return boxed;
    }
}
