from cvlint.cli import main

if __name__ == "__main__":  # worker processes started by spawn (Dask) import this module: do not run again
    main()
