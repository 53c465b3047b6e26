import sys

from findings.run import main

sys.exit(main(sys.argv[1:]))
