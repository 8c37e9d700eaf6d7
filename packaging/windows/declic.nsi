; Déclic installer for Windows (NSIS 3, built on Linux by scripts/dist.sh with makensis).
; Per-user install (no administrator rights), French and English, Start-menu and desktop
; shortcuts, uninstaller that keeps the learner's data unless asked, silent mode /S.
;
; makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.1 -DSRCDIR=dir -DOUTFILE=setup.exe declic.nsi
;   SRCDIR holds declic.exe, declic.ico, the centre tools declic-centre.exe and declic-pack.exe
;   with declic-espace-centre.ico, and a declic-bundle folder for a centre's build.
; Silent install:    declic-setup.exe /S            (optionally /D=C:\path as the LAST argument)
; Silent uninstall:  "%LOCALAPPDATA%\Programs\Declic\uninstall.exe" /S            keeps the data
;                    "%LOCALAPPDATA%\Programs\Declic\uninstall.exe" /S /DELETEDATA  deletes it too

Unicode true
; A 64-bit installer: Déclic is 64-bit only, and this runs under wine64 without 32-bit wine.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!ifdef SIGNCMD
  ; Authenticode-sign the uninstaller too (scripts/dist-sign.sh, when a certificate is set).
  !uninstfinalize '"${SIGNCMD}" "%1"' = 0
!endif

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define APPNAME "Déclic"
!define APPKEY "Declic"
!define CENTRENAME "Déclic – Espace centre"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "CompanyName" "Projet Déclic"
VIAddVersionKey /LANG=0 "LegalCopyright" "Projet Déclic"

!define MUI_ICON "${SRCDIR}\declic.ico"
!define MUI_UNICON "${SRCDIR}\declic.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\declic.exe"
!define MUI_UNCOMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default; NSIS picks the one matching Windows' language.
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "English"

LangString SecProgram ${LANG_FRENCH} "Le programme Déclic"
LangString SecProgram ${LANG_ENGLISH} "The Déclic program"
LangString SecData ${LANG_FRENCH} "Effacer aussi mes progrès et mes données"
LangString SecData ${LANG_ENGLISH} "Also delete my progress and my data"

Section "!$(SecProgram)" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${SRCDIR}\declic.exe"
  File "${SRCDIR}\declic.ico"
  ; The centre's tools: « Déclic – Espace centre » (declic-centre serve) and the trainers' tool.
  File "${SRCDIR}\declic-centre.exe"
  File "${SRCDIR}\declic-pack.exe"
  File "${SRCDIR}\declic-espace-centre.ico"
  !if /FileExists "${SRCDIR}\declic-bundle\bundle.toml"
    ; A centre's build: its signed bundle (name, logo, packs, keys) beside the program.
    RMDir /r "$INSTDIR\declic-bundle"
    File /r "${SRCDIR}\declic-bundle"
  !endif
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\declic.exe" "" "$INSTDIR\declic.ico" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\declic.exe" "" "$INSTDIR\declic.ico" 0
  ; The workspace runs in a small console window (minimised): closing it stops the workspace.
  CreateShortcut "$SMPROGRAMS\${CENTRENAME}.lnk" "$INSTDIR\declic-centre.exe" "serve" "$INSTDIR\declic-espace-centre.ico" 0 SW_SHOWMINIMIZED
  CreateShortcut "$DESKTOP\${CENTRENAME}.lnk" "$INSTDIR\declic-centre.exe" "serve" "$INSTDIR\declic-espace-centre.ico" 0 SW_SHOWMINIMIZED

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\declic.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Projet Déclic"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "un.$(SecProgram)" UnSecMain
  SectionIn RO
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  Delete "$SMPROGRAMS\${CENTRENAME}.lnk"
  Delete "$DESKTOP\${CENTRENAME}.lnk"
  Delete "$INSTDIR\declic.exe"
  Delete "$INSTDIR\declic.ico"
  Delete "$INSTDIR\declic-centre.exe"
  Delete "$INSTDIR\declic-pack.exe"
  Delete "$INSTDIR\declic-espace-centre.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir /r "$INSTDIR\declic-bundle"
  RMDir "$INSTDIR" ; only when empty: a portable declic-data folder, if any, stays
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd

; Off unless the learner ticks it, or /DELETEDATA is given: learner data survives by default.
Section /o "un.$(SecData)" UnSecData
  SetShellVarContext current
  RMDir /r "$APPDATA\declic"
SectionEnd

Function un.onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${UnSecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
