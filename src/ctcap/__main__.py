from ctcap.cli.main import main

main()
