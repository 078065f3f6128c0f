from cvlint.cli import main

main()
