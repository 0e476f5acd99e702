"""Official documents: PDF forms 01-06 and results, the tracking book (Excel), fonts, QR."""
