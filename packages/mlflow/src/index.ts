/** A typed MLflow REST client on undici, and the projection of sidecars onto MLflow. */
export {}
