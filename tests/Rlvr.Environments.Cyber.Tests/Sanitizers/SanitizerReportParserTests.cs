using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Tests.Sanitizers;

public class SanitizerReportParserTests
{
    private const string HeapOverflow = """
        =================================================================
        ==24==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000014 at pc 0x5603308bc339 bp 0x7ffeb68933f0 sp 0x7ffeb68933e8
        WRITE of size 1 at 0x602000000014 thread T0
            #0 0x5603308bc338 in load_data src/loader.c:28
            #1 0x5603308bc743 in main src/loader.c:59
            #2 0x7f1c2a1c1249  (/lib/x86_64-linux-gnu/libc.so.6+0x27249)

        0x602000000014 is located 0 bytes to the right of 4-byte region [0x602000000010,0x602000000014)
        allocated by thread T0 here:
            #0 0x7f1c2a4619a7 in __interceptor_calloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:77
            #1 0x5603308bc6c4 in main src/loader.c:57

        SUMMARY: AddressSanitizer: heap-buffer-overflow src/loader.c:28 in load_data
        ==24==ABORTING
        """;

    private const string Segv = """
        ==25==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000020 (pc 0x56246f7ba37b bp 0x7ffcd427b3c0 sp 0x7ffcd427b3c0 T0)
        ==25==The signal is caused by a READ memory access.
        ==25==Hint: address points to the zero page.
            #0 0x56246f7ba37b in value_length src/settings.c:41
            #1 0x56246f7ba5fd in main src/settings.c:60
        """;

    private const string DoubleFree = """
        ==24==ERROR: AddressSanitizer: attempting double-free on 0x602000000050 in thread T0:
            #0 0x7f5e1b8b76a8 in __interceptor_free ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:52
            #1 0x555fbd6f4429 in dedupe_line src/tags.c:28
            #2 0x555fbd6f45ff in main src/tags.c:43
        """;

    [Fact]
    public void Parse_HeapOverflow_TakesTheCrashStackOnly()
    {
        var report = SanitizerReportParser.Parse(HeapOverflow);
        Assert.NotNull(report);
        Assert.Equal(24, report.Pid);
        Assert.Equal(CrashKind.Crash, report.Kind);
        Assert.Equal("heap-buffer-overflow", report.Signature.BugClass);
        Assert.Equal("WRITE", report.Signature.Access);
        Assert.Equal(new StackFrame("load_data", "src/loader.c", 28), report.Signature.CrashSite);
        Assert.Equal(["load_data", "main"], report.Signature.TopFrames.Select(f => f.Function));
        Assert.Equal(59, report.Signature.TopFrames[1].Line);
    }

    [Fact]
    public void Parse_Segv_ReadsAccessFromSignalLine()
    {
        var report = SanitizerReportParser.Parse(Segv);
        Assert.NotNull(report);
        Assert.Equal("SEGV", report.Signature.BugClass);
        Assert.Equal("READ", report.Signature.Access);
        Assert.Equal("value_length", report.Signature.CrashSite?.Function);
    }

    [Fact]
    public void Parse_DoubleFree_SkipsInterceptorFrame()
    {
        var report = SanitizerReportParser.Parse(DoubleFree);
        Assert.NotNull(report);
        Assert.Equal("double-free", report.Signature.BugClass);
        Assert.Equal(new StackFrame("dedupe_line", "src/tags.c", 28), report.Signature.CrashSite);
    }

    [Theory]
    [InlineData("==7==ERROR: AddressSanitizer: requested allocation size 0xffffffffffffffff exceeds maximum supported size of 0x10000000000", "allocation-size-too-big")]
    [InlineData("==7==ERROR: AddressSanitizer: out of memory: allocator is trying to allocate 0x100000000 bytes", "out-of-memory")]
    [InlineData("==7==ERROR: AddressSanitizer: ABRT on unknown address 0x000000000007 (pc 0x1 bp 0x2 sp 0x3 T0)", "ABRT")]
    public void Parse_ResourceAndAbortReports_AreOther(string header, string bugClass)
    {
        var report = SanitizerReportParser.Parse(header + "\n    #0 0x1 in f src/a.c:3\n");
        Assert.NotNull(report);
        Assert.Equal(CrashKind.Other, report.Kind);
        Assert.Equal(bugClass, report.Signature.BugClass);
    }

    [Fact]
    public void Parse_UbsanReport_HasUnknownPidAndClass()
    {
        const string text = "src/scores.c:10:9: runtime error: signed integer overflow: 3000000 * 1000 cannot be represented in type 'int'\n"
            + "    #0 0x55e8480241c4 in scale_score src/scores.c:10\n"
            + "    #1 0x55e848024241 in main src/scores.c:24\n";
        var report = SanitizerReportParser.Parse(text);
        Assert.NotNull(report);
        Assert.Equal(SanitizerReport.UnknownPid, report.Pid);
        Assert.Equal("UndefinedBehaviorSanitizer", report.Signature.Sanitizer);
        Assert.Equal("signed-integer-overflow", report.Signature.BugClass);
        Assert.Equal(new StackFrame("scale_score", "src/scores.c", 10), report.Signature.CrashSite);
    }

    [Fact]
    public void Parse_TextWithoutHeader_ReturnsNull()
    {
        Assert.Null(SanitizerReportParser.Parse("SUMMARY: AddressSanitizer: heap-buffer-overflow src/a.c:1 in f\n"));
        Assert.Null(SanitizerReportParser.Parse(string.Empty));
    }

    [Fact]
    public void Matches_SameClassSameFunctionOtherLine_IsTrue()
    {
        var a = SanitizerReportParser.Parse(HeapOverflow)!.Signature;
        Assert.True(a.Matches(a with { Access = "READ" }));
        Assert.True(a.Matches(a with { CrashSite = a.CrashSite! with { Line = 29 } }));
    }

    [Fact]
    public void Matches_OtherClassOrOtherFunction_IsFalse()
    {
        var a = SanitizerReportParser.Parse(HeapOverflow)!.Signature with { AllocationSite = null };
        Assert.False(a.Matches(a with { BugClass = "heap-use-after-free" }));
        Assert.False(a.Matches(a with { CrashSite = a.CrashSite! with { Function = "other_function" } }));
        Assert.False(a.Matches(a with { CrashSite = a.CrashSite! with { File = "src/other.c" } }));
    }

    [Fact]
    public void Matches_HeapBugInOtherFunctionOnSameAllocation_IsTrue()
    {
        var a = SanitizerReportParser.Parse(HeapOverflow)!.Signature;
        Assert.NotNull(a.AllocationSite);
        var elsewhere = a with { CrashSite = a.CrashSite! with { Function = "other_function", Line = 3 } };
        Assert.True(a.Matches(elsewhere));
        Assert.False(a.Matches(elsewhere with { AllocationSite = a.AllocationSite! with { Line = a.AllocationSite.Line + 1 } }));
    }

    [Fact]
    public void Matches_NoProjectFrame_IsFalse()
    {
        var signature = new CrashSignature("AddressSanitizer", "SEGV", "READ", null, []);
        Assert.False(signature.Matches(signature));
    }

    [Fact]
    public void Parse_CppFrames_FunctionWithoutParametersAndFileFromTheLastWord()
    {
        const string report = """
            ==27==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x619000000480 at pc 0x7f5902a44061 bp 0x7ffee22205b0 sp 0x7ffee221fd60
            WRITE of size 41 at 0x619000000480 thread T0
                #0 0x7f5902a44060 in __interceptor_memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:827
                #1 0x557faf53a001 in TokenList::add(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&) ./src/lib/token_list.cpp:17
                #2 0x557faf5396a4 in main ./src/main.cpp:31
                #3 0x7f5902527249  (/lib/x86_64-linux-gnu/libc.so.6+0x27249)
                #5 0x557faf539340 in _start (/tmp/build.tuJ5NJ/src/out/tokens+0x2340)

            0x619000000480 is located 0 bytes to the right of 1024-byte region [0x619000000080,0x619000000480)
            allocated by thread T0 here:
                #0 0x7f5902ab5628 in operator new[](unsigned long) ../../../../src/libsanitizer/asan/asan_new_delete.cpp:98
                #1 0x557faf539f2f in TokenList::TokenList() ./src/lib/token_list.cpp:5
            """;
        var parsed = SanitizerReportParser.Parse(report);
        Assert.NotNull(parsed);
        var site = parsed.Signature.CrashSite;
        Assert.NotNull(site);
        Assert.Equal("TokenList::add", site.Function);
        Assert.Equal("src/lib/token_list.cpp", site.File);
        Assert.Equal(17, site.Line);
    }
}
