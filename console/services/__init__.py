"""Operations the UI calls; the only bridge between the network and Qt."""
