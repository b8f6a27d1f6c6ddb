/** The BlobStore service and its drivers (local-fs, s3), the dataset layout, row codecs and the commit protocol. */
export {}
