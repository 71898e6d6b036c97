from linkgraph.cli import main

main()
