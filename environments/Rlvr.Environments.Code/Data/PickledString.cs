using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Rlvr.Environments.Code.Data;

/// <summary>
/// Reads a Python pickle whose whole content is one <c>str</c>, the shape LiveCodeBench stores its private tests in
/// (<c>pickle.dumps(json_text)</c>, then zlib, then base64). Nothing is unpickled in general: only the opcodes such a
/// pickle consists of are understood (the protocol header, frames, the three binary unicode-string opcodes, memo
/// stores and the final stop); any other opcode (a class lookup, a call, a container, a number) is a format error, so
/// reading a hostile pickle never builds an object or runs code.
/// </summary>
/// <remarks>
/// Opcode values as CPython's <c>Lib/pickle.py</c> defines them (<c>PROTO</c> 0x80, <c>FRAME</c> 0x95,
/// <c>SHORT_BINUNICODE</c> 0x8c, <c>BINUNICODE</c> <c>'X'</c>, <c>BINUNICODE8</c> 0x8d, <c>MEMOIZE</c> 0x94,
/// <c>BINPUT</c> <c>'q'</c>, <c>LONG_BINPUT</c> <c>'r'</c>, <c>STOP</c> <c>'.'</c>). A frame only announces how many
/// bytes follow (protocol 4 writes a large string's bytes after the frame that holds its opcode), so its length is
/// checked against the data and the opcodes are read straight on.
/// </remarks>
public static class PickledString
{
    private const byte Proto = 0x80;
    private const byte Frame = 0x95;
    private const byte ShortBinUnicode = 0x8c;
    private const byte BinUnicode = (byte)'X';
    private const byte BinUnicode8 = 0x8d;
    private const byte Memoize = 0x94;
    private const byte BinPut = (byte)'q';
    private const byte LongBinPut = (byte)'r';
    private const byte Stop = (byte)'.';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Names of opcodes a hostile or unexpected pickle would carry, for the error message.
    private static readonly Dictionary<byte, string> KnownOpcodes = new()
    {
        [(byte)'c'] = "GLOBAL",
        [0x93] = "STACK_GLOBAL",
        [(byte)'R'] = "REDUCE",
        [(byte)'b'] = "BUILD",
        [(byte)'i'] = "INST",
        [(byte)'o'] = "OBJ",
        [0x81] = "NEWOBJ",
        [0x92] = "NEWOBJ_EX",
        [(byte)'('] = "MARK",
        [(byte)']'] = "EMPTY_LIST",
        [(byte)'}'] = "EMPTY_DICT",
        [(byte)')'] = "EMPTY_TUPLE",
        [(byte)'J'] = "BININT",
        [(byte)'K'] = "BININT1",
        [(byte)'N'] = "NONE",
        [(byte)'V'] = "UNICODE",
        [(byte)'C'] = "SHORT_BINBYTES",
        [(byte)'B'] = "BINBYTES",
        [(byte)'h'] = "BINGET",
        [(byte)'j'] = "LONG_BINGET",
        [(byte)'P'] = "PERSID",
        [(byte)'Q'] = "BINPERSID",
        [0x82] = "EXT1",
    };

    /// <summary>The string a pickle holds.</summary>
    /// <param name="pickle">The pickle's bytes.</param>
    /// <returns>The string.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a pickle of exactly one string in the accepted opcodes.</exception>
    public static string Decode(ReadOnlySpan<byte> pickle)
    {
        string? value = null;
        int position = 0;
        bool first = true;
        while (true)
        {
            if (position >= pickle.Length)
            {
                throw Error(position, "truncated: the data ends before the STOP opcode");
            }

            int at = position;
            byte opcode = pickle[position++];
            switch (opcode)
            {
                case Proto:
                    if (!first)
                    {
                        throw Error(at, "PROTO is only allowed as the first opcode");
                    }

                    byte version = Take(pickle, ref position, 1, at)[0];
                    if (version is < 2 or > 5)
                    {
                        throw Error(at, $"protocol {version.ToString(CultureInfo.InvariantCulture)} is not one of 2-5");
                    }

                    break;
                case Frame:
                    ulong frame = BinaryPrimitives.ReadUInt64LittleEndian(Take(pickle, ref position, 8, at));
                    if (frame > (ulong)(pickle.Length - position))
                    {
                        throw Error(at, $"truncated: a frame of {frame.ToString(CultureInfo.InvariantCulture)} bytes but {(pickle.Length - position).ToString(CultureInfo.InvariantCulture)} remain");
                    }

                    break;
                case ShortBinUnicode:
                    value = Push(value, pickle, ref position, Take(pickle, ref position, 1, at)[0], at);
                    break;
                case BinUnicode:
                    value = Push(value, pickle, ref position, BinaryPrimitives.ReadUInt32LittleEndian(Take(pickle, ref position, 4, at)), at);
                    break;
                case BinUnicode8:
                    value = Push(value, pickle, ref position, BinaryPrimitives.ReadUInt64LittleEndian(Take(pickle, ref position, 8, at)), at);
                    break;
                case Memoize:
                case BinPut:
                case LongBinPut:
                    if (value is null)
                    {
                        throw Error(at, "a memo store before any value");
                    }

                    _ = Take(pickle, ref position, opcode == BinPut ? 1 : opcode == LongBinPut ? 4 : 0, at);
                    break;
                case Stop:
                    if (value is null)
                    {
                        throw Error(at, "STOP with no value");
                    }

                    if (position != pickle.Length)
                    {
                        throw Error(position, $"{(pickle.Length - position).ToString(CultureInfo.InvariantCulture)} bytes after STOP");
                    }

                    return value;
                default:
                    string name = KnownOpcodes.TryGetValue(opcode, out string? known) ? known + " " : string.Empty;
                    throw Error(at, $"opcode {name}0x{opcode.ToString("x2", CultureInfo.InvariantCulture)} is not allowed (only a pickled string is read)");
            }

            first = false;
        }
    }

    private static string Push(string? current, ReadOnlySpan<byte> pickle, ref int position, ulong length, int at)
    {
        if (current is not null)
        {
            throw Error(at, "a second value: only a pickle of exactly one string is read");
        }

        if (length > (ulong)(pickle.Length - position))
        {
            throw Error(at, $"truncated: a string of {length.ToString(CultureInfo.InvariantCulture)} bytes but {(pickle.Length - position).ToString(CultureInfo.InvariantCulture)} remain");
        }

        var bytes = Take(pickle, ref position, (int)length, at);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"pickle: the string at byte {at.ToString(CultureInfo.InvariantCulture)} is not valid UTF-8", ex);
        }
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> pickle, ref int position, int count, int at)
    {
        if (count > pickle.Length - position)
        {
            throw Error(at, "truncated: the data ends inside an opcode's argument");
        }

        var taken = pickle.Slice(position, count);
        position += count;
        return taken;
    }

    private static InvalidDataException Error(int at, string message) =>
        new($"pickle: {message} (at byte {at.ToString(CultureInfo.InvariantCulture)})");
}
