package speech

import (
	"fmt"
	"math"
	"os/exec"
	"strings"
)

// Environment variables carrying the text and settings into the PowerShell script:
// the script is constant, so no text can ever be run as code.
const (
	sapiTextVar = "DECLIC_SPEECH_TEXT"
	sapiLangVar = "DECLIC_SPEECH_LANG"
	sapiRateVar = "DECLIC_SPEECH_RATE"
)

// sapiScript speaks $env:DECLIC_SPEECH_TEXT with System.Speech, choosing an
// installed voice of the wanted language when there is one.
const sapiScript = `$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$v = $s.GetInstalledVoices() | Where-Object { $_.Enabled -and $_.VoiceInfo.Culture.TwoLetterISOLanguageName -eq $env:DECLIC_SPEECH_LANG } | Select-Object -First 1
if ($v) { $s.SelectVoice($v.VoiceInfo.Name) }
$s.Rate = [int]$env:DECLIC_SPEECH_RATE
$s.Speak($env:DECLIC_SPEECH_TEXT)`

// sapiProbeScript prints how many voices are enabled.
const sapiProbeScript = `Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
@($s.GetInstalledVoices() | Where-Object { $_.Enabled }).Count`

// NewSAPI returns the Windows engine: System.Speech through PowerShell.
func NewSAPI() Engine {
	return &processEngine{goos: "windows", program: "powershell", fallbacks: []string{"pwsh"}, build: sapiCommand,
		probe: func(path string) error {
			probe := exec.Command(path, powershellArgs(sapiProbeScript)...)
			hideWindow(probe)
			out, err := probe.Output()
			if err != nil {
				return fmt.Errorf("System.Speech: %w", err)
			}
			if n := strings.TrimSpace(string(out)); n == "" || n == "0" {
				return fmt.Errorf("System.Speech has no enabled voice")
			}
			return nil
		}}
}

func powershellArgs(script string) []string {
	return []string{"-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", script}
}

// sapiRate maps Rate (0.5–2) to SAPI's -10…10 scale, 0 being normal.
func sapiRate(opts Options) int {
	r := int(math.Round((opts.rate() - 1) * 10))
	return min(max(r, -10), 10)
}

func sapiCommand(text string, opts Options) command {
	return command{
		args: powershellArgs(sapiScript),
		env: []string{
			sapiTextVar + "=" + text,
			sapiLangVar + "=" + opts.lang(),
			sapiRateVar + "=" + fmt.Sprint(sapiRate(opts)),
		},
	}
}
