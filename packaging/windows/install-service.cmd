@echo off
rem Installs hotshrink as the Windows service "hotshrink", run by Apache Commons Daemon's procrun.
rem
rem   1. Unpack the hotshrink tarball, e.g. to C:\hotshrink, and edit conf\application.conf there.
rem   2. Get prunsrv.exe: commons-daemon-1.4.1-bin-windows.zip from commons.apache.org (daemon
rem      downloads), amd64\prunsrv.exe; put it in C:\hotshrink\windows\.
rem   3. In an administrator prompt: C:\hotshrink\windows\install-service.cmd
rem   Then: net start hotshrink / net stop hotshrink (stop drains running jobs, up to 60 s).
rem   Reload the configuration: net stop hotshrink && net start hotshrink (no SIGHUP on Windows).
rem   Remove: prunsrv.exe //DS//hotshrink
rem   Logs: C:\hotshrink\logs\hotshrink.log (rolled and capped) and procrun's own logs beside it.
setlocal
set "HOTSHRINK_HOME=%~dp0.."
for %%i in ("%HOTSHRINK_HOME%") do set "HOTSHRINK_HOME=%%~fi"
if "%JAVA_HOME%"=="" (
  echo Set JAVA_HOME to a Java 17+ installation first.
  exit /b 1
)

"%~dp0prunsrv.exe" //IS//hotshrink ^
  --DisplayName="hotshrink" ^
  --Description="Resizes every JPEG dropped into a hot folder" ^
  --Startup=auto ^
  --Jvm="%JAVA_HOME%\bin\server\jvm.dll" ^
  --Classpath="%HOTSHRINK_HOME%\lib\*" ^
  --JvmMx=256 ^
  --JvmOptions="-XX:+UseSerialGC;-XX:TieredStopAtLevel=1;-Dhotshrink.home=%HOTSHRINK_HOME%;-Dlogback.configurationFile=%HOTSHRINK_HOME%\conf\logback.xml;-DHOTSHRINK_LOG_FILE=%HOTSHRINK_HOME%\logs\hotshrink.log" ^
  --StartPath="%HOTSHRINK_HOME%" ^
  --StartMode=jvm ^
  --StartClass=io.hotshrink.daemon.HotshrinkService ^
  --StartMethod=procrunStart ^
  --StartParams="-c;%HOTSHRINK_HOME%\conf\application.conf" ^
  --StopMode=jvm ^
  --StopClass=io.hotshrink.daemon.HotshrinkService ^
  --StopMethod=procrunStop ^
  --StopTimeout=60 ^
  --LogPath="%HOTSHRINK_HOME%\logs" ^
  --StdOutput=auto ^
  --StdError=auto
if errorlevel 1 exit /b 1
echo Installed the service hotshrink. Start it with: net start hotshrink
