//go:build unix

package local

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup makes a cancel kill the command's whole process group: killing only the
// interpreter would leave its children running, holding the output pipes open.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
