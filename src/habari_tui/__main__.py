from habari_tui.cli import main

raise SystemExit(main())
