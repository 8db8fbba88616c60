#!/usr/bin/env python3
"""Writes src/Rlvr.Sandbox.Docker/Seccomp/rlvr-seccomp.json, the sandboxes' seccomp profile.

An allowlist: every x86-64 system call in the kernel headers (asm/unistd_64.h) except the denied ones below is
allowed, anything else (a system call newer than the headers) fails with ENOSYS. The denied ones are rarely needed
by programs that read stdin and write stdout, and often the door of kernel exploits or container escapes. clone is
allowed only without namespace flags; clone3 fails with ENOSYS so the C library falls back to clone, whose flags
seccomp can read. ptrace and process_vm_readv stay allowed, as in the engine's default profile: LeakSanitizer
stops threads with ptrace, and the judge processes are protected by being non-dumpable. Run it again when the headers gain system calls; docs/security.md explains each choice.
Usage: python3 scripts/make-seccomp-profile.py [path/to/unistd_64.h]
"""
import json
import os
import re
import sys

DENIED = {
    # io_uring: a second system-call interface that seccomp cannot see into; many kernel exploits since 2020.
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    # Kernel programmability and introspection.
    "bpf", "perf_event_open", "userfaultfd", "kcmp", "lookup_dcookie", "syslog",
    # Key rings are not namespaced.
    "keyctl", "add_key", "request_key",
    # Namespaces, mounts and roots (capabilities are dropped anyway; these are the unprivileged paths).
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick",
    "move_mount", "open_tree", "mount_setattr", "open_by_handle_at", "name_to_handle_at",
    # Kernel modules, kexec, swap, reboot, accounting, quotas, clocks, raw I/O ports.
    "init_module", "finit_module", "delete_module", "create_module", "kexec_load", "kexec_file_load",
    "swapon", "swapoff", "reboot", "acct", "quotactl", "quotactl_fd", "settimeofday", "clock_settime",
    "clock_adjtime", "adjtimex", "iopl", "ioperm", "vhangup", "fanotify_init", "nfsservctl", "uselib", "ustat",
    "sysfs", "_sysctl", "get_kernel_syms", "query_module", "afs_syscall", "tuxcall", "security",
    "vserver", "putpmsg", "getpmsg", "memfd_secret",
    # NUMA placement: needs CAP_SYS_NICE to matter, and a long history of bugs.
    "mbind", "set_mempolicy", "migrate_pages", "move_pages", "set_mempolicy_home_node",
    # Handled by a rule below.
    "clone", "clone3",
}

# CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME
NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080
ENOSYS = 38
EPERM = 1


def main():
    header = sys.argv[1] if len(sys.argv) > 1 else "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"
    with open(header) as f:
        names = sorted(set(re.findall(r"#define __NR_(\w+)\s+\d+", f.read())))
    allowed = [n for n in names if n not in DENIED]
    profile = {
        "defaultAction": "SCMP_ACT_ERRNO",
        "defaultErrnoRet": ENOSYS,
        "architectures": ["SCMP_ARCH_X86_64"],
        "syscalls": [
            {"names": allowed, "action": "SCMP_ACT_ALLOW"},
            {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": NAMESPACE_FLAGS, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
            {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": ENOSYS},
            {"names": sorted(DENIED - {"clone", "clone3"}), "action": "SCMP_ACT_ERRNO", "errnoRet": EPERM},
        ],
    }
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.path.join(root, "src", "Rlvr.Sandbox.Docker", "Seccomp", "rlvr-seccomp.json")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w") as f:
        json.dump(profile, f, indent=1)
        f.write("\n")
    print("%s: %d allowed, %d denied" % (target, len(allowed), len(DENIED)))


if __name__ == "__main__":
    main()
