@echo off
rem Ouvre Declic - Espace centre dans le navigateur. Gardez cette fenetre ouverte : la fermer arrete l'Espace centre.
"%~dp0declic-centre.exe" serve --config "%~dp0declic-data\centre"
