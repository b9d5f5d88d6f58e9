"""Review queue (审核入库) and records browser (一标三实), and helpers the work docks share."""
