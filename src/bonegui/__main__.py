from bonegui.cli import main

raise SystemExit(main())
